/**
 * The `error-rate-high` row: page on-call (on-call topic, PagerDuty) with diagnostics on ALARM; resolve the
 * page everywhere on OK; while the alarm stays in ALARM, page again every `repageMinutes` with the time spent
 * in alarm (EventBridge fires once per state change, so the reaction follows itself up). INSUFFICIENT_DATA
 * never pages.
 */
import { PAGE_ONCALL } from "../actions/page-oncall.js";
import {
  type AlarmTrigger,
  formatDuration,
  formatValue,
  observedValue,
  routeAlarm,
  transitionKey,
} from "../alarms/event.js";
import { type FollowUp, followUpEffect } from "../alarms/follow-up.js";
import { closingMarkItem } from "../alarms/freshness.js";
import type { StageConfig } from "../config/index.js";
import type { DiagnosticMetric } from "../diagnostics/port.js";
import { closedBecause, type EpisodeNotifications } from "../episodes/notifications.js";
import { effect, type PlannedEffect } from "../kernel/effects.js";
import { act, hold, type Plan, skip } from "../kernel/plan.js";
import type { AlarmTarget, MatrixRow } from "../matrix/rows.js";
import { alarmFields, alarmLinks } from "../notifications/alarm-notice.js";
import type { NoticeDiagnostics } from "../notifications/diagnostics-text.js";
import type { Notice } from "../notifications/notice.js";
import { planNotice } from "../notifications/plan-notice.js";

/** What a page attaches: 5xx and request counts of the last 15 minutes (plus deployments, events, error logs). */
export const PAGE_DIAGNOSTICS = {
  metrics: ["target5xx", "elb5xx", "requests"] as readonly DiagnosticMetric[],
  minutes: 15,
  errorLogs: true,
};

export interface PageOncallInput {
  trigger: AlarmTrigger;
  stage: string;
  config: StageConfig;
  /** The notification state of the trigger's episode (`episodeForTrigger`). */
  episode: EpisodeNotifications;
  /** Collected when the decision pages (`gatherDiagnostics`). */
  diagnostics?: NoticeDiagnostics;
  now: Date;
}

/**
 * Pages on ALARM, re-pages on its follow-ups while it lasts, resolves on OK; each exactly once (step keys).
 * @example decidePageOncall(input).effects.map((e) => e.type) // ["pagerduty.trigger", "slack.chat.postMessage", "sns.Publish", "sqs.SendMessage"]
 */
export function decidePageOncall(input: PageOncallInput): Plan {
  const { trigger, config, episode } = input;
  const { alarmName, state } = trigger;
  const routed = routeAlarm(alarmName, config.alarmStage, PAGE_ONCALL.name);
  if (!routed || routed.target === "supabase") {
    return skip("unknown-alarm", `alarm "${alarmName}" matches no page-oncall row of stage "${config.alarmStage}"`);
  }
  const page = { ...input, row: routed.row, service: routed.target };
  if (trigger.followUp) return decideRepage(page, trigger.followUp);
  if (state.value === "INSUFFICIENT_DATA") {
    return skip("insufficient-data", `${alarmName} has insufficient data: missing data never pages`);
  }
  const closed = closedBecause(episode);
  if (closed) return skip(`episode-${episode.phase}`, `${state.value} of ${alarmName} comes too late: ${closed}`);
  if (state.value === "ALARM" && state.actionsSuppressedBy) return decideSuppressed(page, state.actionsSuppressedBy);
  return state.value === "ALARM" ? decidePage(page) : decideResolve(page);
}

/** One service, or the load balancer in front of both (`alb`). */
type Page = PageOncallInput & { row: MatrixRow; service: Exclude<AlarmTarget, "supabase"> };

function decidePage(page: Page): Plan {
  const { trigger, stage, episode, row, service } = page;
  const { state } = trigger;
  const value = formatValue(observedValue(state), row.unit);
  const summary =
    `${row.title} on ${service} (stage ${stage}): ${value} against a threshold of ${formatValue(row.threshold, row.unit)}. ` +
    `On-call is paged; diagnostics below. ${refire(episode)}`;
  const effects = [
    ...planNotice(notice(page, { kind: "alarm", summary: summary.trim(), at: state.timestamp }), episode),
    repageFollowUp(page, nextRepageStep(page)),
  ];
  return act(`${row.id} fired on ${service}: page on-call`, effects, `page-oncall#${transitionKey(trigger)}`);
}

function decideResolve(page: Page): Plan {
  const { trigger, stage, episode, row, service } = page;
  const { state } = trigger;
  const lasted = formatDuration(episode.openedAt, state.timestamp);
  const summary =
    `${row.title} on ${service} (stage ${stage}) is back to normal (${formatValue(observedValue(state), row.unit)})` +
    `${lasted ? ` after ${lasted}` : ""}. The page is resolved.`;
  const effects = planNotice(
    notice(page, { kind: "resolved", severity: "info", summary, at: state.timestamp }),
    episode,
  );
  const openedAt = trigger.previousState?.value === "ALARM" ? trigger.previousState.timestamp : undefined;
  if (episode.phase === "new" && openedAt) {
    // No episode: its ALARM may still be on its way (deliveries are not ordered); the mark tells it it is over.
    const mark = closingMarkItem({ alarmName: trigger.alarmName, openedAt, closedAt: state.timestamp }, page.now);
    effects.push(
      effect({ type: "dynamodb.PutItem", item: mark }, "mark the episode closed, so a late ALARM of it never pages"),
    );
  }
  return act(`${row.id} resolved on ${service}: resolve the page`, effects, `page-oncall#${transitionKey(trigger)}`);
}

function decideRepage(page: Page, followUp: FollowUp): Plan {
  const { trigger, episode, row, service } = page;
  if (trigger.state.value !== "ALARM") {
    return skip("alarm-not-firing", `${trigger.alarmName} is ${trigger.state.value}: re-paging stops`);
  }
  const closed = closedBecause(episode);
  if (closed) return skip(`episode-${episode.phase}`, `re-paging stops: ${closed}`);
  // The real time in ALARM: a follow-up processed late is late, whatever slot it was due at.
  const inAlarm = formatDuration(episode.openedAt, page.now.toISOString()) ?? "a while";
  const suppressedBy = trigger.state.actionsSuppressedBy;
  if (suppressedBy) {
    const summary = `${row.title} on ${service} is still in ALARM after ${inAlarm}; ${suppression(trigger.state)}: not paging.`;
    const effects = [
      ...planNotice(notice(page, { kind: "reminder", summary, at: followUp.dueAt, page: false }), episode),
      repageFollowUp(page, nextRepageStep(page)),
    ];
    return hold(ACTIONS_SUPPRESSED, summary, effects, `page-oncall#repage#${episode.key}#${followUp.step}`);
  }
  const summary = `${row.title} on ${service} is still in ALARM after ${inAlarm} (re-page ${followUp.step}).`;
  const effects = [
    ...planNotice(notice(page, { kind: "reminder", summary, at: followUp.dueAt }), episode),
    repageFollowUp(page, nextRepageStep(page)),
  ];
  return act(
    `${row.id} on ${service} still in ALARM after ${inAlarm}: page again`,
    effects,
    `page-oncall#repage#${episode.key}#${followUp.step}`,
  );
}

function notice(page: Page, parts: Pick<Notice, "kind" | "summary" | "at"> & Partial<Notice>): Notice {
  const { trigger, stage, config, episode, row, service, diagnostics } = page;
  return {
    episodeKey: episode.key,
    severity: row.severity,
    stage,
    row: row.id,
    target: service,
    state: trigger.state.value,
    title: row.title,
    fields: alarmFields(row, service, trigger.state, config),
    links: alarmLinks(trigger.alarmName, service, config),
    page: true,
    ...(diagnostics && { diagnostics, diagnosticsMinutes: PAGE_DIAGNOSTICS.minutes }),
    ...parts,
  };
}

/**
 * A composite alarm whose actions are suppressed (its suppressor alarm fires, or its wait or extension period
 * runs) tells the team quietly and does not page; the re-page chain pages once the suppression is over.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm_Suppression.html
 */
function decideSuppressed(page: Page, suppressedBy: string): Plan {
  const { trigger, stage, episode, row, service } = page;
  const { state } = trigger;
  const summary =
    `${row.title} on ${service} (stage ${stage}): ${formatValue(observedValue(state), row.unit)} against a threshold of ` +
    `${formatValue(row.threshold, row.unit)}; ${suppression(state)}: on-call is not paged.`;
  const effects = [
    ...planNotice(notice(page, { kind: "alarm", summary, at: state.timestamp, page: false }), episode),
    repageFollowUp(page, nextRepageStep(page)),
  ];
  return hold(
    ACTIONS_SUPPRESSED,
    `${row.id} fired on ${service} with its actions suppressed by ${suppressedBy}: notify quietly, no page`,
    effects,
    `page-oncall#${transitionKey(trigger)}`,
  );
}

export const ACTIONS_SUPPRESSED = "actions-suppressed";

function suppression(state: AlarmTrigger["state"]): string {
  const why = typeof state.actionsSuppressedReason === "string" ? ` (${state.actionsSuppressedReason})` : "";
  return `its actions are suppressed by ${state.actionsSuppressedBy}${why}`;
}

/**
 * Re-pages fall on fixed slots of the episode (opened + n × interval), so a re-fire that schedules its own
 * follow-up meets the running chain on the same step key and only one of them pages. The next slot is counted
 * from now and lies at least one interval ahead, so a late ALARM or a late follow-up never schedules a slot in
 * the past (a burst of re-pages); an event delivered within a minute of its instant counts as on time.
 */
export function nextRepageStep(page: Pick<PageOncallInput, "config" | "episode" | "now">): number {
  const interval = page.config.notifications.repageMinutes * 60_000;
  const earliest = page.now.getTime() + interval - ON_TIME_MS;
  return Math.max(1, Math.ceil((earliest - Date.parse(page.episode.openedAt)) / interval));
}

const ON_TIME_MS = 60_000;

function repageFollowUp(page: Page, step: number): PlannedEffect {
  const { config, episode, trigger, now } = page;
  const dueAt = new Date(Date.parse(episode.openedAt) + step * config.notifications.repageMinutes * 60_000);
  return followUpEffect(
    {
      kind: "hero365.follow-up",
      functionName: PAGE_ONCALL.functionName,
      alarmName: trigger.alarmName,
      episodeKey: episode.key,
      step,
      dueAt: dueAt.toISOString(),
    },
    now,
    `EventBridge fires once per state change: page again at ${dueAt.toISOString()} if still in ALARM`,
  );
}

function refire(episode: EpisodeNotifications): string {
  if (episode.phase === "flapping") return "It fired again soon after resolving (flapping): same thread.";
  if (episode.phase === "open") return "It fired again without resolving in between: same page.";
  return "";
}
