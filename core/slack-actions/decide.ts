/**
 * What a click does (pure): from the click, whether its user may, and the kill switch as it is now, the plan —
 * the kill switch written with who and until when, and the reply to Slack — or a refusal that says why.
 * Every click is audited with its Slack user (core/kernel/reaction.ts); a write is claimed once per version of the
 * kill switch, so two clicks on the same state make one change.
 */
import type { StageConfig } from "../config/index.js";
import { effect, type PlannedEffect } from "../kernel/effects.js";
import { act, hold, type Plan, skip } from "../kernel/plan.js";
import { activePause, type KillSwitchState, killSwitchValue, type Pause } from "../scaling/kill-switch.js";
import type { Click } from "./buttons.js";
import "./effects.js";

export interface ClickInput {
  stage: string;
  config: StageConfig;
  now: Date;
  click: Click;
  allowed: boolean;
  killSwitch: { state: KillSwitchState; version: number };
  /** The kill switch parameter's name (core/scaling/kill-switch.ts). */
  parameterName: string;
}

/**
 * Pause and Resume (the other buttons decide in their own files).
 * @example decideClick({ ...input, click: { kind: "pause", user: "U1", value: { stage: "prod", hours: 1 }, ... } }).effects[0]
 * // { type: "ssm.PutParameter", name: "/hero365/prod/paused", value: '{"by":"U1","until":"…"}', reason: "…" }
 */
export function decideClick(input: ClickInput): Plan {
  const { click, stage, now } = input;
  const who = `<@${click.user}>`;
  const reply = (responseType: "ephemeral" | "in_channel", text: string, reason: string) =>
    effect({ type: "slack.respond", url: click.responseUrl, responseType, text }, reason);

  if (click.kind !== "pause" && click.kind !== "resume") {
    return skip("not-a-kill-switch-button", `${click.kind} is not a Pause or Resume button`);
  }
  if (!input.allowed) return notAllowed(input);
  const current = activePause(input.killSwitch.state, now);
  const stepKey = `slack-actions#${stage}#kill-switch#v${input.killSwitch.version}`;
  if (click.kind === "pause") {
    if (current) {
      return hold("already-paused", `${click.user} asked to pause ${stage}, already ${describe(current)}`, [
        reply("ephemeral", `Automation of ${stage} is already ${describe(current, true)}.`, "say nothing changed"),
      ]);
    }
    const pause: Pause = {
      by: click.user,
      ...(click.value.hours && { until: new Date(now.getTime() + click.value.hours * 3_600_000).toISOString() }),
    };
    const did = `${click.user} paused automatic actions on ${stage} ${untilText(pause)}`;
    return shadowOr(
      input,
      did,
      [
        effect({ type: "ssm.PutParameter", name: input.parameterName, value: killSwitchValue(pause) }, did),
        reply(
          "in_channel",
          `${who} paused automatic actions on ${stage} ${untilText(pause)}: reactions hold with reason \`paused\`.`,
          "tell the channel who paused and until when",
        ),
      ],
      stepKey,
    );
  }
  if (!current) {
    return hold("not-paused", `${click.user} asked to resume ${stage}, which is not paused`, [
      reply("ephemeral", `Automation of ${stage} is not paused: nothing to resume.`, "say nothing changed"),
    ]);
  }
  const did = `${click.user} resumed automatic actions on ${stage} (${describe(current)})`;
  return shadowOr(
    input,
    did,
    [
      effect({ type: "ssm.PutParameter", name: input.parameterName, value: "false" }, did),
      reply("in_channel", `${who} resumed automatic actions on ${stage}.`, "tell the channel who resumed"),
    ],
    stepKey,
  );
}

/** The refusal of a user the stage's `slackActions.allow` does not list: an ephemeral reply, audited. */
export function notAllowed({ click, stage }: { click: Click; stage: string }): Plan {
  return hold("not-allowed", `${click.user} may not ${click.kind} on ${stage}`, [
    effect(
      {
        type: "slack.respond",
        url: click.responseUrl,
        responseType: "ephemeral",
        text: `You are not allowed to ${click.kind} the automation of ${stage}. The stage's slackActions.allow.${click.kind} lists who is.`,
      },
      `tell ${click.user} the click was refused`,
    ),
  ]);
}

/** A click the world moved past: nothing to do, and the clicker is told why, privately. */
export function politely(click: Click, code: string, reason: string, text: string): Plan {
  return hold(code, reason, [
    effect({ type: "slack.respond", url: click.responseUrl, responseType: "ephemeral", text }, "say nothing changed"),
  ]);
}

/** A stage in shadow mode says what the click would do and does nothing else. */
export function shadowOr(
  input: { stage: string; config: StageConfig; click: Click },
  did: string,
  effects: PlannedEffect[],
  stepKey: string,
): Plan {
  if (!input.config.safety.dryRun) return act(did, effects, stepKey);
  return hold("shadow", `shadow mode: would have ${did.replace(`${input.click.user} `, "")}`, [
    effect(
      {
        type: "slack.respond",
        url: input.click.responseUrl,
        responseType: "ephemeral",
        text: `${input.stage} is in shadow mode (safety.dryRun): nothing changed. Would have: ${did}.`,
      },
      "say the click changed nothing",
    ),
  ]);
}

function untilText(pause: Pause): string {
  return pause.until ? `until ${pause.until}` : "until resumed";
}

function describe(pause: Pause, mention = false): string {
  const by = pause.by ? ` by ${mention ? `<@${pause.by}>` : pause.by}` : "";
  return `paused${by} ${untilText(pause)}`;
}
