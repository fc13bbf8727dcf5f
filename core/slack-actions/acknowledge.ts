/**
 * Acknowledge (pure): the page of a paged episode acknowledged in PagerDuty, with the episode key as the
 * dedup_key the page was triggered with, and the channel told who acknowledged. Refused politely when the
 * world moved on: the episode resolved, the alarm is OK again, or it never paged.
 */
import type { StageConfig } from "../config/index.js";
import { effect } from "../effects.js";
import type { Plan } from "../plan.js";
import { type Click, notAllowed, politely, shadowOr } from "./decide.js";
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
    ],
    `slack-actions#${stage}#acknowledge#${episodeKey}`,
  );
}
