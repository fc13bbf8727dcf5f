/**
 * The monitoring rows (`cpu-critical`, `memory-critical`): tell humans, change nothing.
 */
import {
  type AlarmTrigger,
  alarmConsoleUrl,
  episodeKeyOfTransition,
  formatDuration,
  formatValue,
  observedValue,
  routeAlarm,
  transitionKey,
} from "../alarm-event.js";
import type { StageConfig } from "../config/index.js";
import { planNotice } from "../notifications/notice.js";
import { act, type Plan, skip } from "../plan.js";

export interface NotifyInput {
  trigger: AlarmTrigger;
  stage: string;
  config: StageConfig;
}

/**
 * Plans one alert for an ALARM or OK transition of a monitoring row.
 * @example decideNotify({ trigger, stage: "prod", config }).effects[0].type // "sns.Publish"
 */
export function decideNotify({ trigger, stage, config }: NotifyInput): Plan {
  const { alarmName, state, previousState } = trigger;
  const routed = routeAlarm(alarmName, stage, "notify");
  if (!routed) {
    return skip("unknown-alarm", `alarm "${alarmName}" matches no notify row of stage "${stage}"`);
  }
  if (state.value === "INSUFFICIENT_DATA") {
    return skip("insufficient-data", `${alarmName} has insufficient data: nothing to tell yet`);
  }
  const { row, target } = routed;
  const firing = state.value === "ALARM";
  const value = formatValue(observedValue(state), row.unit);
  const threshold = formatValue(row.threshold, row.unit);
  const window = `${row.evaluationPeriods} × ${row.periodSeconds / 60} min`;
  const since = previousState ? formatDuration(previousState.timestamp, state.timestamp) : undefined;
  const summary = firing
    ? `${row.title} on ${target} (stage ${stage}): ${value} against a threshold of ${threshold} over ${window}. ` +
      "No automatic action is taken for this alarm: check the service's load and recent deployments."
    : `${row.title} on ${target} (stage ${stage}) is back to normal (${value})${since ? ` after ${since}` : ""}.`;
  const effects = planNotice({
    episodeKey: episodeKeyOfTransition(trigger) ?? `${alarmName}#${state.timestamp}`,
    kind: firing ? "alarm" : "resolved",
    severity: firing ? row.severity : "info",
    stage,
    row: row.id,
    target,
    state: state.value,
    title: row.title,
    summary,
    fields: [
      { label: "Alarm", value: alarmName },
      { label: "State", value: `${state.value} since ${state.timestamp}` },
      { label: "Reason", value: state.reason },
    ],
    links: [{ text: "Console", url: alarmConsoleUrl(config.region, alarmName) }],
  });
  return act(
    firing ? `${row.id} fired on ${target}: alert the team` : `${row.id} resolved on ${target}: tell the team`,
    effects,
    `notify#${transitionKey(trigger)}`,
  );
}
