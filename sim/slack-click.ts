/**
 * A scenario's Slack click (`{"at": 30, "slack": "pause-automation", "hours": 1}`): the slack-actions decision
 * (`decideClick`) on the simulated kill switch, by the first user the stage allows (or a stand-in when none is
 * listed: the simulation shows what the click does, not who may). Signature and HTTP are the handler's and are
 * tested there; here the decided SSM write is applied to the world.
 */
import type { StageConfig } from "../core/config/index.js";
import { effectsOfType } from "../core/kernel/effects.js";
import { type KillSwitchState, parseKillSwitchValue } from "../core/scaling/kill-switch.js";
import { decideClick } from "../core/slack-actions/decide.js";

export const SIM_SLACK_CLICKS = ["pause-automation", "resume"] as const;
export type SimSlackClick = (typeof SIM_SLACK_CLICKS)[number];

/** The kill switch after the click, and the sentence for the timeline. */
export function simSlackClick(
  click: SimSlackClick,
  options: { stage: string; config: StageConfig; now: Date; paused: KillSwitchState; hours?: number },
): { paused: KillSwitchState; said: string } {
  const kind = click === "pause-automation" ? "pause" : "resume";
  const user = options.config.slackActions.allow[kind][0]?.replace(/^S.*/, "U0SIMULATED") ?? "U0SIMULATED";
  const plan = decideClick({
    stage: options.stage,
    config: { ...options.config, safety: { ...options.config.safety, dryRun: false } },
    now: options.now,
    click: {
      kind,
      user,
      value: { stage: options.stage, ...(options.hours && { hours: options.hours }) },
      responseUrl: "https://hooks.slack.com/actions/simulated",
      actionTs: String(options.now.getTime() / 1000),
    },
    allowed: true,
    killSwitch: { state: options.paused, version: 0 },
    parameterName: `/hero365/${options.stage}/paused`,
  });
  const [write] = effectsOfType(plan.effects, "ssm.PutParameter");
  return { paused: write ? parseKillSwitchValue(write.value) : options.paused, said: plan.reason };
}
