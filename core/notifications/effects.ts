/**
 * The notification channels' effects, named after the API operation that carries them out: Slack's Web API
 * (`chat.postMessage`, `chat.update`), Slack incoming webhooks, PagerDuty Events v2 (`event_action`) and SNS.
 */
import type { AlarmTarget, RowId, Severity } from "../matrix/rows.js";
import type { SlackBlock } from "./block-kit.js";

/** Topics are named logically; the adapter resolves the ARN from the runtime environment. */
export type TopicName = "alerts" | "onCall";

export interface SnsPublish {
  type: "sns.Publish";
  topic: TopicName;
  /** SNS subjects must be under 100 characters (email subscriptions). */
  subject: string;
  message: string;
  attributes: { severity: Severity; service: AlarmTarget; row: RowId; state: string } & Record<string, string>;
}

/** Which episode a top-level Slack message belongs to, and what to remember on it once the message is sent. */
export interface EpisodeMemo {
  alarmName: string;
  /** The ALARM transition that opened the episode, as CloudWatch wrote it. */
  openedAt: string;
  /** The notice's instant: a step's time, the OK transition's time. */
  at: string;
  /** The action the notice reports, appended to the episode's list of actions. */
  action?: string;
  /** Set by the resolving notice: the OK transition's timestamp. */
  resolvedAt?: string;
  /** The episode paged on-call: its resolve must resolve the page too. */
  paged?: boolean;
  /** How many times the thread's alarm re-fired after resolving (flapping). */
  flaps: number;
}

export interface SlackPostMessage {
  type: "slack.chat.postMessage";
  /** A channel name for a new message; the channel id Slack returned for a reply in a thread. */
  channel: string;
  /** Fallback text: what notifications and screen readers show. */
  text: string;
  blocks: SlackBlock[];
  /** Posts a reply in this message's thread. */
  threadTs?: string;
  /** Top-level messages only: the episode that keeps this message's ts. */
  episode?: EpisodeMemo;
}

export interface SlackUpdate {
  type: "slack.chat.update";
  /** The channel id Slack returned when the message was posted (chat.update does not take names). */
  channel: string;
  ts: string;
  text: string;
  blocks: SlackBlock[];
  episode: EpisodeMemo;
}

/** An incoming webhook: posts only, returns no ts, so its messages cannot be edited. */
export interface SlackWebhookPost {
  type: "slack.webhook.post";
  text: string;
  blocks: SlackBlock[];
  episode: EpisodeMemo;
}

export type PagerDutySeverity = "critical" | "error" | "warning" | "info";

export interface PagerDutyTrigger {
  type: "pagerduty.trigger";
  /** The episode key: later triggers update the same alert, and the resolve closes it. */
  dedupKey: string;
  summary: string;
  source: string;
  severity: PagerDutySeverity;
  component: string;
  group: string;
  class: string;
  customDetails: Record<string, unknown>;
  links: { href: string; text: string }[];
}

export interface PagerDutyResolve {
  type: "pagerduty.resolve";
  dedupKey: string;
}

declare module "../kernel/effects.js" {
  interface EffectRegistry {
    "sns.Publish": SnsPublish;
    "slack.chat.postMessage": SlackPostMessage;
    "slack.chat.update": SlackUpdate;
    "slack.webhook.post": SlackWebhookPost;
    "pagerduty.trigger": PagerDutyTrigger;
    "pagerduty.resolve": PagerDutyResolve;
  }
}

/** The output of a Slack Web API message call: where the message lives. */
export interface SlackMessageRef {
  channel: string;
  ts: string;
}
