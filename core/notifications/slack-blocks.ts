/**
 * A notice as Slack Block Kit: the episode's status card (the message that is edited on each step and on
 * resolve) and the thread replies for follow-ups. Texts are clipped to Block Kit's limits.
 * https://api.slack.com/reference/block-kit/blocks
 */
import { formatDuration } from "../alarms/event.js";
import type { EpisodeNotifications } from "../episodes/notifications.js";
import { ROWS } from "../matrix/rows.js";
import { acknowledgeButton, approveButton, pauseButtons, scaleBackButton } from "../slack-actions/buttons.js";
import {
  AUTOMATION_BLOCK_ID,
  type MrkdwnText,
  type PlainText,
  type SlackBlock,
  type SlackButton,
  type SlackMessage,
} from "./block-kit.js";
import { diagnosticsText } from "./diagnostics-text.js";
import type { Notice, NoticeKind } from "./notice.js";

const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const FIELD_MAX = 2000;
const FIELDS_MAX = 10;
const BUTTON_TEXT_MAX = 75;
const BUTTONS_MAX = 5;

export const KIND_LABEL: Record<NoticeKind, string> = {
  alarm: "ALARM",
  step: "ACTION",
  hold: "HOLD",
  escalation: "ESCALATION",
  reminder: "STILL IN ALARM",
  resolved: "RESOLVED",
  info: "INFO",
};

const KIND_EMOJI: Record<NoticeKind, string> = {
  alarm: ":rotating_light:",
  step: ":gear:",
  hold: ":double_vertical_bar:",
  escalation: ":sos:",
  reminder: ":hourglass_flowing_sand:",
  resolved: ":white_check_mark:",
  info: ":information_source:",
};

/**
 * The episode's status card: header with the state, the alarm's fields, the action and its cost, the episode's
 * actions, diagnostics, console buttons, and the stage and episode key.
 * @example slackMessage(notice, episode, at).blocks[0] // { type: "header", ... }
 */
export function slackMessage(notice: Notice, episode: EpisodeNotifications, at: string): SlackMessage {
  const blocks: SlackBlock[] = [
    { type: "header", text: plain(`${KIND_EMOJI[notice.kind]} ${headline(notice, episode)}`, HEADER_MAX) },
    section(escapeMrkdwn(notice.summary)),
  ];
  if (notice.fields.length) {
    blocks.push({
      type: "section",
      fields: notice.fields
        .slice(0, FIELDS_MAX)
        .map((f) => mrkdwn(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, FIELD_MAX)),
    });
  }
  if (notice.action) {
    blocks.push({
      type: "section",
      fields: [
        mrkdwn(`*Action taken*\n${escapeMrkdwn(notice.action)}`, FIELD_MAX),
        mrkdwn(`*Cost delta*\n${escapeMrkdwn(notice.costDelta ?? "none")}`, FIELD_MAX),
      ],
    });
  }
  const actions = actionsOf(notice, episode, at);
  if (notice.kind === "resolved") {
    const lasted = formatDuration(episode.openedAt, at);
    blocks.push(section(`*Resolved* ${lasted ? `after ${lasted}` : `at ${at}`}.\n*Actions taken:* ${list(actions)}`));
  } else if (actions.length) {
    blocks.push(section(`*Actions so far:* ${list(actions)}`));
  }
  if (notice.diagnostics) blocks.push(...diagnosticsBlocks(notice));
  const buttons = notice.links.slice(0, BUTTONS_MAX).map(
    (link, i): SlackButton => ({
      type: "button",
      text: plain(link.text, BUTTON_TEXT_MAX),
      url: link.url,
      action_id: `link-${i}`,
    }),
  );
  if (buttons.length) blocks.push({ type: "actions", elements: buttons });
  if (notice.kind !== "resolved" && notice.kind !== "info") {
    const { automationButtons, acknowledgeButton: ackStage, approveButton: approveStage } = episode.channels.slack;
    const scaleBackStage = episode.channels.slack.scaleBackButton;
    const scalesOut = ROWS.find((r) => r.id === notice.row)?.action === "scale-out";
    const paged = notice.page === true || episode.paged;
    const controls = [
      ...(paged && ackStage ? [acknowledgeButton(ackStage, episode.key)] : []),
      ...(scalesOut && scaleBackStage ? [scaleBackButton(scaleBackStage, episode.key)] : []),
      ...(approveStage && notice.row === "db-connections-high" ? [approveButton(approveStage, notice.row)] : []),
      ...(automationButtons ? pauseButtons(automationButtons) : []),
    ];
    if (controls.length) blocks.push({ type: "actions", block_id: AUTOMATION_BLOCK_ID, elements: controls });
  }
  blocks.push(context(notice, episode));
  return { text: fallback(notice, episode), blocks };
}

/** A reply in the episode's thread: what changed since the status card was last edited. */
export function slackReply(notice: Notice, episode: EpisodeNotifications, at: string): SlackMessage {
  const lines = [`${KIND_EMOJI[notice.kind]} *${KIND_LABEL[notice.kind]}* ${escapeMrkdwn(notice.summary)}`];
  if (episode.phase === "flapping") {
    const after = episode.previousResolvedAt && formatDuration(episode.previousResolvedAt, at);
    lines.push(
      `Fired again${after ? ` ${after} after resolving` : ""}: flapping (${ordinal(episode.flaps + 1)} time).`,
    );
  }
  if (notice.action)
    lines.push(
      `*Action:* ${escapeMrkdwn(notice.action)}${notice.costDelta ? ` (${escapeMrkdwn(notice.costDelta)})` : ""}`,
    );
  if (notice.kind === "resolved") {
    const lasted = formatDuration(episode.openedAt, at);
    lines.push(`Lasted ${lasted ?? "an unknown time"}. Actions taken: ${list(actionsOf(notice, episode, at))}`);
  }
  const blocks: SlackBlock[] = [section(lines.join("\n"))];
  if (notice.diagnostics) blocks.push(...diagnosticsBlocks(notice));
  return { text: `${KIND_LABEL[notice.kind]}: ${notice.summary}`.slice(0, SECTION_MAX), blocks };
}

/** The episode's actions, the notice's own included once. */
export function actionsOf(notice: Notice, episode: EpisodeNotifications, at: string): string[] {
  const all = episode.actions.map((a) => a.text);
  if (notice.action && !episode.actions.some((a) => a.text === notice.action && a.at === at)) all.push(notice.action);
  return all;
}

function headline(notice: Notice, episode: EpisodeNotifications): string {
  const flapping = episode.flaps > 0 && notice.kind !== "resolved" ? " (flapping)" : "";
  return `${KIND_LABEL[notice.kind]}${flapping} · ${notice.target}: ${notice.title}`;
}

function fallback(notice: Notice, episode: EpisodeNotifications): string {
  return `[${KIND_LABEL[notice.kind]}] hero365 ${notice.stage} ${notice.target}: ${notice.title}${episode.flaps > 0 ? " (flapping)" : ""}`;
}

function diagnosticsBlocks(notice: Notice): SlackBlock[] {
  if (!notice.diagnostics) return [];
  const text = diagnosticsText(notice.diagnostics);
  const parts = [
    `*Diagnostics*\n${text.service.map(escapeMrkdwn).join("\n")}`,
    ...(text.metrics.length
      ? [`*Last ${notice.diagnosticsMinutes ?? 15} min*\n${text.metrics.map(escapeMrkdwn).join("\n")}`]
      : []),
    ...(text.events.length ? [`*Last ECS service events*\n${text.events.map(escapeMrkdwn).join("\n")}`] : []),
    ...(text.errors.length ? [`*Top error log lines*\n\`\`\`${escapeMrkdwn(text.errors.join("\n"))}\`\`\``] : []),
  ];
  return [{ type: "divider" }, ...parts.map((part) => section(part))];
}

function context(notice: Notice, episode: EpisodeNotifications): SlackBlock {
  const flaps = episode.flaps > 0 ? ` · fired ${episode.flaps + 1} times in this thread` : "";
  return {
    type: "context",
    elements: [
      mrkdwn(`stage *${escapeMrkdwn(notice.stage)}* · episode \`${escapeMrkdwn(episode.key)}\`${flaps}`, FIELD_MAX),
    ],
  };
}

function list(items: string[]): string {
  return items.length ? items.map(escapeMrkdwn).join("; ") : "none";
}

function section(text: string): SlackBlock {
  return { type: "section", text: mrkdwn(text, SECTION_MAX) };
}

function plain(text: string, max: number): PlainText {
  return { type: "plain_text", text: clip(text, max), emoji: true };
}

function mrkdwn(text: string, max: number): MrkdwnText {
  return { type: "mrkdwn", text: clip(text, max) };
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Slack's mrkdwn treats `&`, `<` and `>` as control characters. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th");
  return `${n}${suffix}`;
}
