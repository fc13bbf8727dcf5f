/**
 * Acknowledge (pure): the page of a paged episode acknowledged in PagerDuty, with the episode key as the
 * dedup_key the page was triggered with, and the channel told who acknowledged. Refused politely when the
 * world moved on: the episode resolved, the alarm is OK again, or it never paged.
 */
import type { StageConfig } from "../config/index.js";
import { effect } from "../kernel/effects.js";
import type { Plan } from "../kernel/plan.js";
import type { Click } from "./buttons.js";
import { ACKNOWLEDGE_ACTION_ID } from "./buttons.js";
import { notAllowed, politely, shadowOr } from "./decide.js";
import "./effects.js";

export interface AcknowledgeInput {
  stage: string;
  config: StageConfig;
  click: Click;
  allowed: boolean;
  /** `<alarm name>#<opened at>`: the page's dedup_key. */
  episodeKey: string;
  /** The episode as the state table has it; undefined when it has none. */
  episode: { alarmName: string; paged: boolean; resolvedAt?: string } | undefined;
  /** The alarm's state now (CloudWatch). */
  alarmState: string | undefined;
}

/**
 * @example decideAcknowledge(input).effects[0] // { type: "pagerduty.acknowledge", dedupKey: input.episodeKey, ... }
 */
export function decideAcknowledge(input: AcknowledgeInput): Plan {
  const { click, episode, episodeKey, stage } = input;
  if (!input.allowed) return notAllowed(input);
  if (!episode) {
    return politely(click, "unknown-episode", `no episode ${episodeKey}`, `No episode ${episodeKey} is on record.`);
  }
  const alarm = episode.alarmName;
  if (episode.resolvedAt) {
    return politely(
      click,
      "episode-closed",
      `${click.user} asked to acknowledge ${episodeKey}, resolved at ${episode.resolvedAt}`,
      `${alarm} resolved at ${episode.resolvedAt}: its page is closed, nothing to acknowledge.`,
    );
  }
  if (input.alarmState === "OK") {
    return politely(
      click,
      "alarm-ok",
      `${click.user} asked to acknowledge ${episodeKey}, whose alarm is OK now`,
      `${alarm} is OK now: its page resolves by itself.`,
    );
  }
  if (!episode.paged || !input.config.notifications.pagerduty) {
    return politely(
      click,
      "not-paged",
      `${click.user} asked to acknowledge ${episodeKey}, which paged nobody in PagerDuty`,
      `${alarm} did not page through PagerDuty on ${stage}: nothing to acknowledge.`,
    );
  }
  const did = `${click.user} acknowledged the page of ${episodeKey}`;
  return shadowOr(
    input,
    did,
    [
      effect({ type: "pagerduty.acknowledge", dedupKey: episodeKey }, did),
      effect(
        {
          type: "slack.respond",
          url: click.responseUrl,
          responseType: "in_channel",
          text: `<@${click.user}> acknowledged the page of ${alarm}.`,
        },
        "tell the channel who acknowledged",
      ),
      ...(click.messageBlocks
        ? [
            effect(
              {
                type: "slack.respond" as const,
                url: click.responseUrl,
                responseType: "in_channel" as const,
                text: `${alarm}: acknowledged by <@${click.user}>`,
                replaceOriginal: { blocks: acknowledgedBlocks(click.messageBlocks, click.user) },
              },
              "show on the episode's message who acknowledged",
            ),
          ]
        : []),
    ],
    `slack-actions#${stage}#acknowledge#${episodeKey}`,
  );
}

type Block = { type: string; [key: string]: unknown };

/**
 * The episode's message as Slack sent it with the click, its Acknowledge button gone and a line saying who
 * acknowledged. A later notice of the episode rebuilds the message from the episode's record (a re-page, the
 * resolve), so the line lasts until then; the channel reply stays.
 * @example acknowledgedBlocks([{ type: "section" }], "U1").at(-1) // { type: "context", elements: [{ type: "mrkdwn", text: ":white_check_mark: Acknowledged in PagerDuty by <@U1>" }] }
 */
export function acknowledgedBlocks(blocks: readonly Block[], user: string): Block[] {
  const kept = blocks.flatMap((block): Block[] => {
    if (block.type !== "actions" || !Array.isArray(block.elements)) return [block];
    const elements = (block.elements as { action_id?: unknown }[]).filter((e) => e.action_id !== ACKNOWLEDGE_ACTION_ID);
    return elements.length > 0 ? [{ ...block, elements }] : [];
  });
  return [
    ...kept,
    {
      type: "context",
      elements: [{ type: "mrkdwn", text: `:white_check_mark: Acknowledged in PagerDuty by <@${user}>` }],
    },
  ];
}
