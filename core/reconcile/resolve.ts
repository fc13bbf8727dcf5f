/**
 * The resolve notice of an episode whose OK the reaction never handled: the same notice planning the
 * reactions use (`planNotice`: PagerDuty resolve with the episode's key, the Slack message edited to
 * resolved, SNS), with text that reads like the OK path's and says how the episode was found.
 */
import { formatDuration, formatValue, observedValue } from "../alarms/event.js";
import type { StageConfig } from "../config/index.js";
import type { PlannedEffect } from "../kernel/effects.js";
import { alarmFields, alarmLinks } from "../notifications/alarm-notice.js";
import { planNotice } from "../notifications/plan-notice.js";
import type { CurrentAlarmState } from "../scaling/service-state.js";
import type { OpenEpisode } from "./input.js";

export function resolveNotice(
  episode: OpenEpisode,
  state: CurrentAlarmState | undefined,
  stage: string,
  config: StageConfig,
  now: Date,
): PlannedEffect[] {
  const { row, target, notifications } = episode;
  const okAt = state?.timestamp ?? now.toISOString();
  const current: CurrentAlarmState = state ?? {
    value: "OK",
    reason: "the alarm no longer exists",
    timestamp: okAt,
  };
  const lasted = formatDuration(notifications.openedAt, okAt);
  const value = state ? ` (${formatValue(observedValue(current), row.unit)})` : "";
  const back = state ? `is back to normal${value}` : "has no alarm any more (deleted)";
  const actions = episode.scale?.actions.map((a) => `${a.from} → ${a.to} at ${a.at}`).join(", ");
  const summary = [
    `${row.title} on ${target} (stage ${stage}) ${back}${lasted ? ` after ${lasted}` : ""}.`,
    notifications.paged ? "The page is resolved." : "",
    actions ? `Actions taken: ${actions}.` : "",
    `Resolved by the reconciler at ${now.toISOString()}: the OK of ${okAt} was never handled.`,
  ]
    .filter(Boolean)
    .join(" ");
  return planNotice(
    {
      episodeKey: notifications.key,
      kind: "resolved",
      severity: "info",
      stage,
      row: row.id,
      target,
      state: current.value,
      title: row.title,
      summary,
      fields: alarmFields(row, target, current, config),
      links: alarmLinks(episode.alarmName, target, config),
    },
    notifications,
  );
}
