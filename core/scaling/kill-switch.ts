/**
 * The kill switch's SSM parameter. No stack creates it: CloudFormation would own its value and set it back on
 * any change to the resource, so a deploy could un-pause automation. An operator creates it the first time
 * they pause (`aws ssm put-parameter --name <name> --type String --value true --overwrite`), or the Slack
 * Pause button writes it (docs/slack-actions.md), and a missing parameter reads as "not paused".
 * @example killSwitchParameterName("prod") // "/hero365/prod/paused"
 */
export function killSwitchParameterName(stage: string): string {
  return `/hero365/${stage}/paused`;
}

/** A pause: who set it (a Slack user id, or absent when set by hand) and until when (absent: until resumed). */
export interface Pause {
  by?: string;
  /** ISO 8601; the pause ends by itself at this instant. */
  until?: string;
}

/** What the kill switch reads: `false` (running), `true` (paused by hand, until resumed) or a pause. */
export type KillSwitchState = boolean | Pause;

/**
 * Reads the parameter's value. `true` pauses until resumed (the value an operator types by hand); a JSON object
 * `{"by","until"}` pauses until `until`; anything else runs. A JSON object that is not a valid pause still
 * pauses, until resumed: a brake someone meant to pull must not be released by a typo.
 * @example parseKillSwitchValue('{"by":"U123","until":"2026-12-01T04:00:00.000Z"}') // { by: "U123", until: "2026-12-01T04:00:00.000Z" }
 */
export function parseKillSwitchValue(value: string | undefined): KillSwitchState {
  const text = value?.trim() ?? "";
  if (text.toLowerCase() === "true") return true;
  if (!text.startsWith("{")) return false;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return true;
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return true;
  const { by, until } = json as Record<string, unknown>;
  if (by !== undefined && (typeof by !== "string" || by === "")) return true;
  if (until !== undefined && (typeof until !== "string" || Number.isNaN(Date.parse(until)))) return true;
  return {
    ...(by !== undefined && { by }),
    ...(until !== undefined && { until: new Date(until).toISOString() }),
  };
}

/** The parameter's value for a pause (the inverse of `parseKillSwitchValue`). */
export function killSwitchValue(pause: Pause): string {
  return JSON.stringify({ ...(pause.by && { by: pause.by }), ...(pause.until && { until: pause.until }) });
}

/**
 * The pause in force at `now`, if any: an expired pause is no pause, so automation resumes by itself.
 * @example activePause({ until: "2026-12-01T04:00:00Z" }, new Date("2026-12-01T05:00:00Z")) // undefined
 */
export function activePause(state: KillSwitchState, now: Date): Pause | undefined {
  if (state === false) return undefined;
  if (state === true) return {};
  if (state.until && Date.parse(state.until) <= now.getTime()) return undefined;
  return state;
}

/**
 * The reason a paused reaction gives: who paused and until when.
 * @example pauseReason({ by: "U123", until: "2026-12-01T04:00:00.000Z" }) // "the kill switch is on: automatic actions are paused by U123 until 2026-12-01T04:00:00.000Z"
 */
export function pauseReason(pause: Pause): string {
  const who = pause.by ? ` by ${pause.by}` : "";
  const until = pause.until ? ` until ${pause.until}` : " until resumed";
  return `the kill switch is on: automatic actions are paused${who}${until}`;
}
