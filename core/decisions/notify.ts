/**
 * The monitoring rows (`cpu-critical`, `memory-critical`): tell humans, change nothing.
 */
import type { AlarmStateChangeEvent } from "../../events/schemas/cloudwatch-alarm.js";
import {
  alarmConsoleUrl,
  formatDuration,
  formatValue,
  observedValue,
  routeAlarm,
  transitionKey,
} from "../alarm-event.js";
import type { StageConfig } from "../config/index.js";
import { effect } from "../effects.js";
import { act, type Plan, skip } from "../plan.js";

export interface NotifyInput {
  event: AlarmStateChangeEvent;
  stage: string;
  config: StageConfig;
}

const SUBJECT_MAX = 99;

/**
 * Plans one SNS alert for an ALARM or OK transition of a monitoring row.
 * @example decideNotify({ event, stage: "prod", config }).effects[0].type // "sns.Publish"
 */
export function decideNotify({ event, stage, config }: NotifyInput): Plan {
  const { alarmName, state, previousState } = event.detail;
  const routed = routeAlarm(alarmName, stage, "notify");
  if (!routed) {
    return skip("unknown-alarm", `alarm "${alarmName}" matches no notify row of stage "${stage}"`);
  }
  if (state.value === "INSUFFICIENT_DATA") {
    return skip("insufficient-data", `${alarmName} has insufficient data: nothing to tell yet`);
  }
  const { row, target } = routed;
  const firing = state.value === "ALARM";
  const label = firing ? "ALARM" : "RESOLVED";
  const value = formatValue(observedValue(state), row.unit);
  const threshold = formatValue(row.threshold, row.unit);
  const window = `${row.evaluationPeriods} × ${row.periodSeconds / 60} min`;
  const since = previousState ? formatDuration(previousState.timestamp, state.timestamp) : undefined;
  const lines = firing
    ? [
        `${row.title} on ${target} (stage ${stage}): ${value} against a threshold of ${threshold} over ${window}.`,
        "No automatic action is taken for this alarm: check the service's load and recent deployments.",
      ]
    : [`${row.title} on ${target} (stage ${stage}) is back to normal (${value})${since ? ` after ${since}` : ""}.`];
  const message = [
    ...lines,
    "",
    `Alarm: ${alarmName}`,
    `State: ${state.value} since ${state.timestamp}`,
    `Reason: ${state.reason}`,
    `Console: ${alarmConsoleUrl(config.region, alarmName)}`,
  ].join("\n");
  const subject = `[${label}] hero365 ${stage} ${target}: ${row.title}`.slice(0, SUBJECT_MAX);
  return act(
    firing ? `${row.id} fired on ${target}: alert the team` : `${row.id} resolved on ${target}: tell the team`,
    [
      effect(
        {
          type: "sns.Publish",
          topic: "alerts",
          subject,
          message,
          attributes: {
            severity: firing ? row.severity : "info",
            service: target,
            row: row.id,
            state: state.value,
          },
        },
        firing ? `${row.title}: humans should look` : "the alert is over",
      ),
    ],
    `notify#${transitionKey(event)}`,
  );
}
