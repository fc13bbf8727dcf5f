/**
 * The `error-rate-high` row: page on-call (on-call topic, PagerDuty) with diagnostics on ALARM; resolve the
 * page everywhere on OK. INSUFFICIENT_DATA never pages.
 */
import type { AlarmStateChangeEvent } from "../../events/schemas/cloudwatch-alarm.js";
import { formatDuration, formatValue, observedValue, routeAlarm, transitionKey } from "../alarm-event.js";
import type { StageConfig } from "../config/index.js";
import type { DiagnosticMetric } from "../diagnostics/port.js";
import { alarmFields, alarmLinks } from "../notifications/alarm-notice.js";
import { closedBecause, type EpisodeNotifications } from "../notifications/episode.js";
import { type NoticeDiagnostics, planNotice } from "../notifications/notice.js";
import { act, type Plan, skip } from "../plan.js";

/** What a page attaches: 5xx and request counts of the last 15 minutes (plus deployments, events, error logs). */
export const PAGE_DIAGNOSTICS = {
  metrics: ["target5xx", "elb5xx", "requests"] as readonly DiagnosticMetric[],
  minutes: 15,
  errorLogs: true,
};

export interface PageOncallInput {
  event: AlarmStateChangeEvent;
  stage: string;
  config: StageConfig;
  /** The notification state of the transition's episode (`episodeForTransition`). */
  episode: EpisodeNotifications;
  /** Collected on ALARM only (`gatherDiagnostics`). */
  diagnostics?: NoticeDiagnostics;
}

/**
 * Pages on ALARM, resolves on OK, exactly once per transition (the step key).
 * @example decidePageOncall(input).effects.map((e) => e.type) // ["pagerduty.trigger", "slack.chat.postMessage", "sns.Publish"]
 */
export function decidePageOncall({ event, stage, config, episode, diagnostics }: PageOncallInput): Plan {
  const { alarmName, state } = event.detail;
  const routed = routeAlarm(alarmName, stage, "page-oncall");
  if (!routed) return skip("unknown-alarm", `alarm "${alarmName}" matches no page-oncall row of stage "${stage}"`);
  if (state.value === "INSUFFICIENT_DATA") {
    return skip("insufficient-data", `${alarmName} has insufficient data: missing data never pages`);
  }
  const closed = closedBecause(episode);
  if (closed) return skip(`episode-${episode.phase}`, `${state.value} of ${alarmName} comes too late: ${closed}`);

  const { row, target } = routed;
  const firing = state.value === "ALARM";
  const value = formatValue(observedValue(state), row.unit);
  const threshold = formatValue(row.threshold, row.unit);
  const lasted = formatDuration(episode.openedAt, state.timestamp);
  const summary = firing
    ? `${row.title} on ${target} (stage ${stage}): ${value} against a threshold of ${threshold}. On-call is paged; ` +
      `diagnostics below. ${refire(episode)}`.trim()
    : `${row.title} on ${target} (stage ${stage}) is back to normal (${value})${lasted ? ` after ${lasted}` : ""}. ` +
      "The page is resolved.";
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
      fields: alarmFields(row, target, state, config),
      links: alarmLinks(alarmName, target, config),
      page: true,
      ...(firing && diagnostics && { diagnostics, diagnosticsMinutes: PAGE_DIAGNOSTICS.minutes }),
    },
    episode,
  );
  return act(
    firing ? `${row.id} fired on ${target}: page on-call` : `${row.id} resolved on ${target}: resolve the page`,
    effects,
    `page-oncall#${transitionKey(event)}`,
  );
}

function refire(episode: EpisodeNotifications): string {
  if (episode.phase === "flapping") return "It fired again soon after resolving (flapping): same thread.";
  if (episode.phase === "open") return "It fired again without resolving in between: same page.";
  return "";
}
