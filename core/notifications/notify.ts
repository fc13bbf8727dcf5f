/**
 * The monitoring rows (`cpu-critical`, `memory-critical`): tell humans, change nothing.
 */
import { NOTIFY } from "../actions/notify.js";
import {
  type AlarmTrigger,
  formatDuration,
  formatValue,
  observedValue,
  routeAlarm,
  transitionKey,
} from "../alarms/event.js";
import { closingMarkItem } from "../alarms/freshness.js";
import type { StageConfig } from "../config/index.js";
import { closedBecause, type EpisodeNotifications } from "../episodes/notifications.js";
import { effect } from "../kernel/effects.js";
import { act, type Plan, skip } from "../kernel/plan.js";
import { alarmFields, alarmLinks } from "./alarm-notice.js";
import { planNotice } from "./plan-notice.js";

export interface NotifyInput {
  trigger: AlarmTrigger;
  stage: string;
  config: StageConfig;
  /** The notification state of the episode the transition belongs to (`episodeForTrigger`). */
  episode: EpisodeNotifications;
  now: Date;
}

/**
 * Plans one alert for an ALARM or OK transition of a monitoring row: the episode's Slack message (posted on
 * ALARM, edited on OK) and an SNS message to the alerts topic.
 * @example decideNotify({ trigger, stage: "prod", config, episode, now }).effects.map((e) => e.type) // ["slack.chat.postMessage", "sns.Publish"]
 */
export function decideNotify({ trigger, stage, config, episode, now }: NotifyInput): Plan {
  const { alarmName, state, previousState } = trigger;
  const routed = routeAlarm(alarmName, config.alarmStage, NOTIFY.name);
  if (!routed) {
    return skip("unknown-alarm", `alarm "${alarmName}" matches no notify row of stage "${config.alarmStage}"`);
  }
  if (state.value === "INSUFFICIENT_DATA") {
    return skip("insufficient-data", `${alarmName} has insufficient data: nothing to tell yet`);
  }
  const closed = closedBecause(episode);
  if (closed) return skip(`episode-${episode.phase}`, `${state.value} of ${alarmName} comes too late: ${closed}`);
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
  const effects = planNotice(
    {
      episodeKey: episode.key,
      kind: firing ? "alarm" : "resolved",
      severity: firing ? row.severity : "info",
      stage,
      row: row.id,
      target,
      state: state.value,
      title: row.title,
      summary,
      at: state.timestamp,
      fields: [...alarmFields(row, target, state, config), { label: "Reason", value: state.reason }],
      links: alarmLinks(alarmName, target, config),
    },
    episode,
  );
  const openedAt = previousState?.value === "ALARM" ? previousState.timestamp : undefined;
  if (!firing && episode.phase === "new" && openedAt) {
    // No episode: its ALARM may still be on its way (deliveries are not ordered); the mark tells it it is over.
    const mark = closingMarkItem({ alarmName, openedAt, closedAt: state.timestamp }, now);
    effects.push(
      effect({ type: "dynamodb.PutItem", item: mark }, "mark the episode closed, so a late ALARM of it never alerts"),
    );
  }
  return act(
    firing ? `${row.id} fired on ${target}: alert the team` : `${row.id} resolved on ${target}: tell the team`,
    effects,
    `notify#${transitionKey(trigger)}`,
  );
}
