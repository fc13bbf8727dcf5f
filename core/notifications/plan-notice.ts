/**
 * The notification port. `planNotice` turns a notice, with the episode's notification state, into the channel
 * effects: one Slack message per episode (posted once, then edited), SNS for subscriptions, PagerDuty for
 * pages. Every reaction notifies this way and no other.
 */
import { formatDuration } from "../alarms/event.js";
import { closedBecause, type EpisodeNotifications } from "../episodes/notifications.js";
import { effect, type PlannedEffect } from "../kernel/effects.js";
import type { Severity } from "../matrix/rows.js";
import { diagnosticsPlainText } from "./diagnostics-text.js";
import type { EpisodeMemo, PagerDutySeverity, SnsPublish } from "./effects.js";
import { NotificationError } from "./errors.js";
import type { Notice } from "./notice.js";
import { actionsOf, KIND_LABEL, slackMessage, slackReply } from "./slack-blocks.js";

const SUBJECT_MAX = 99;
const PAGERDUTY_SUMMARY_MAX = 1024;
const PAGERDUTY_SEVERITY: Record<Severity, PagerDutySeverity> = {
  critical: "critical",
  warning: "warning",
  info: "info",
};

/**
 * The channel effects of a notice, in the order that makes a retry after a partial failure safe: PagerDuty
 * first (deduplicated by its key), then Slack (a retry sees the remembered message and edits it), then SNS
 * (not idempotent, so last). Nothing for an episode that is over (`closedBecause`), and no Slack message twice
 * for one transition (`repeat`).
 * @example planNotice(notice, episode).map((e) => e.type) // ["slack.chat.postMessage", "sns.Publish"]
 */
export function planNotice(notice: Notice, episode: EpisodeNotifications): PlannedEffect[] {
  if (notice.episodeKey !== episode.key) {
    throw new NotificationError(`notice for episode ${notice.episodeKey} planned with the state of ${episode.key}`);
  }
  if (closedBecause(episode)) return [];
  const at = notice.at ?? episode.at;
  const pages = notice.page === true || (notice.kind === "resolved" && episode.paged);
  return [
    ...pagerDutyEffects(notice, episode, pages),
    ...slackEffects(notice, episode, at),
    snsEffect(notice, episode, at, pages),
  ];
}

function slackEffects(notice: Notice, episode: EpisodeNotifications, at: string): PlannedEffect[] {
  if (episode.phase === "repeat") return [];
  const memo: EpisodeMemo = {
    alarmName: episode.alarmName,
    openedAt: episode.openedAt,
    at,
    ...(notice.action && { action: notice.action }),
    ...(notice.kind === "resolved" && { resolvedAt: at }),
    ...(notice.page && { paged: true }),
    flaps: episode.flaps,
  };
  const message = slackMessage(notice, episode, at);
  const what = `${notice.kind} notice for ${episode.key}`;
  if (episode.channels.slack.mode === "webhook") {
    return [effect({ type: "slack.webhook.post", ...message, episode: memo }, `${what} (incoming webhook: no edits)`)];
  }
  if (!episode.slack) {
    return [
      effect(
        { type: "slack.chat.postMessage", channel: episode.channels.slack.channel, ...message, episode: memo },
        `${what}: the episode's first message`,
      ),
    ];
  }
  const { channel, ts } = episode.slack;
  return [
    effect(
      { type: "slack.chat.postMessage", channel, threadTs: ts, ...slackReply(notice, episode, at) },
      `${what}: reply in the episode's thread`,
    ),
    effect(
      { type: "slack.chat.update", channel, ts, ...message, episode: memo },
      episode.phase === "flapping"
        ? `${what}: the alarm re-fired within the flapping window, so its last message continues`
        : `${what}: edit the episode's message`,
    ),
  ];
}

function pagerDutyEffects(notice: Notice, episode: EpisodeNotifications, pages: boolean): PlannedEffect[] {
  if (!pages || !episode.channels.pagerduty) return [];
  if (notice.kind === "resolved") {
    return [effect({ type: "pagerduty.resolve", dedupKey: episode.key }, `resolve the page of ${episode.key}`)];
  }
  return [
    effect(
      {
        type: "pagerduty.trigger",
        dedupKey: episode.key,
        summary: `[hero365 ${notice.stage}] ${notice.summary}`.slice(0, PAGERDUTY_SUMMARY_MAX),
        source: episode.alarmName,
        severity: PAGERDUTY_SEVERITY[notice.severity],
        component: notice.target,
        group: `hero365-${notice.stage}`,
        class: notice.row,
        customDetails: {
          state: notice.state,
          ...Object.fromEntries(notice.fields.map((f) => [f.label, f.value])),
          ...(notice.action && { action: notice.action }),
          ...(notice.costDelta && { costDelta: notice.costDelta }),
          ...(notice.diagnostics && {
            diagnostics: diagnosticsPlainText(notice.diagnostics, notice.diagnosticsMinutes ?? 15),
          }),
          episode: episode.key,
        },
        links: notice.links.map((l) => ({ href: l.url, text: l.text })),
      },
      notice.kind === "alarm" ? `page on-call for ${episode.key}` : `${notice.kind}: page again for ${episode.key}`,
    ),
  ];
}

function snsEffect(notice: Notice, episode: EpisodeNotifications, at: string, pages: boolean): PlannedEffect {
  const publish: SnsPublish = {
    type: "sns.Publish",
    topic: pages ? "onCall" : "alerts",
    subject: `[${KIND_LABEL[notice.kind]}] hero365 ${notice.stage} ${notice.target}: ${notice.title}`.slice(
      0,
      SUBJECT_MAX,
    ),
    message: renderText(notice, episode, at),
    attributes: { severity: notice.severity, service: notice.target, row: notice.row, state: notice.state },
  };
  return effect(publish, `${notice.kind} notice for ${episode.key}${pages ? " (on-call)" : ""}`);
}

/** Plain text for SNS (email, SMS, chat bridges). */
export function renderText(notice: Notice, episode: EpisodeNotifications, at: string): string {
  const lasted = notice.kind === "resolved" ? formatDuration(episode.openedAt, at) : undefined;
  const actions = actionsOf(notice, episode, at);
  return [
    notice.summary,
    ...(notice.action ? [`Action: ${notice.action}`] : []),
    ...(notice.costDelta ? [`Cost: ${notice.costDelta}`] : []),
    ...(notice.kind === "resolved"
      ? [
          `Resolved after ${lasted ?? "an unknown time"}. Actions taken: ${actions.length ? actions.join("; ") : "none"}`,
        ]
      : []),
    ...(episode.flaps > 0 ? [`Flapping: fired ${episode.flaps + 1} times within the flapping window.`] : []),
    "",
    ...notice.fields.map((f) => `${f.label}: ${f.value}`),
    ...(notice.diagnostics
      ? ["", ...diagnosticsPlainText(notice.diagnostics, notice.diagnosticsMinutes ?? 15), ""]
      : []),
    `Episode: ${episode.key}`,
    ...notice.links.map((l) => `${l.text}: ${l.url}`),
  ].join("\n");
}
