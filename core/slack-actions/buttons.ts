/**
 * The buttons the pipeline puts on its Slack messages: each has an `action_id` naming what it does and a
 * `value` (JSON, at most 2,000 characters in Slack) naming the stage it acts on. Both come back in the click,
 * signed by Slack, and are validated again here: a value is input from outside like any other.
 */
import * as z from "zod";
import type { SlackActionButton } from "../notifications/block-kit.js";

/** Slack wants action ids unique within a block: one per button, the kind of action it authorises. */
export const SLACK_ACTIONS = {
  "hero365.pause-1h": "pause",
  "hero365.pause-4h": "pause",
  "hero365.pause": "pause",
  "hero365.resume": "resume",
  "hero365.acknowledge": "acknowledge",
  "hero365.approve-upgrade": "approve",
  "hero365.scale-back": "scaleBack",
} as const;

export type SlackActionId = keyof typeof SLACK_ACTIONS;
/** The key under `slackActions.allow` in the stage's configuration. */
export type SlackActionKind = (typeof SLACK_ACTIONS)[SlackActionId];
export const SLACK_ACTION_KINDS = ["pause", "resume", "scaleBack", "acknowledge", "approve"] as const;
export type AuthorisedAction = (typeof SLACK_ACTION_KINDS)[number];

/** Longest pause a button offers; "until resumed" has no hours. */
export const MAX_PAUSE_HOURS = 7 * 24;

export const ButtonValueSchema = z.strictObject({
  stage: z.string().regex(/^[a-z][a-z0-9-]{0,20}$/, "expected a stage name"),
  /** Pause only: how long; absent pauses until resumed. */
  hours: z.number().int().min(1).max(MAX_PAUSE_HOURS).optional(),
  /** Approve upgrade only: the matrix row whose ticket is approved. */
  ticket: z.enum(["db-connections-high"]).optional(),
  /** The episode an episode's button acts on (Acknowledge): `<alarm name>#<opened at>`. */
  episode: z
    .string()
    .regex(/^hero365-[a-z0-9-]+#\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d{2}:?\d{2})$/, "expected an episode key")
    .optional(),
});
export type ButtonValue = z.output<typeof ButtonValueSchema>;

/** The Acknowledge button's action id: the button Acknowledge removes from the message it edits. */
export const ACKNOWLEDGE_ACTION_ID = "hero365.acknowledge" satisfies SlackActionId;

export function isSlackActionId(id: string): id is SlackActionId {
  return Object.hasOwn(SLACK_ACTIONS, id);
}

/**
 * The Acknowledge button of a paged episode.
 * @example acknowledgeButton("prod", "hero365-prod-error-rate-high-backend#2026-11-27T03:15:21.310+0000").text.text // "Acknowledge"
 */
export function acknowledgeButton(stage: string, episode: string): SlackActionButton {
  return {
    type: "button",
    action_id: ACKNOWLEDGE_ACTION_ID,
    text: { type: "plain_text", text: "Acknowledge" },
    value: JSON.stringify({ stage, episode } satisfies ButtonValue),
    style: "primary",
  };
}

/** The Scale back now button of a scale-out episode. */
export function scaleBackButton(stage: string, episode: string): SlackActionButton {
  return {
    type: "button",
    action_id: "hero365.scale-back",
    text: { type: "plain_text", text: "Scale back now" },
    value: JSON.stringify({ stage, episode } satisfies ButtonValue),
  };
}

/** The Approve upgrade button of a plan-upgrade ticket's message. */
export function approveButton(stage: string, ticket: "db-connections-high"): SlackActionButton {
  return {
    type: "button",
    action_id: "hero365.approve-upgrade",
    text: { type: "plain_text", text: "Approve upgrade" },
    value: JSON.stringify({ stage, ticket } satisfies ButtonValue),
  };
}

/**
 * The automation buttons of a stage: Pause for 1 h, 4 h or until resumed, and Resume.
 * @example pauseButtons("prod").map((b) => b.text.text) // ["Pause 1 h", "Pause 4 h", "Pause until resumed", "Resume"]
 */
export function pauseButtons(stage: string): SlackActionButton[] {
  const button = (action_id: SlackActionId, text: string, value: ButtonValue, style?: "danger"): SlackActionButton => ({
    type: "button",
    action_id,
    text: { type: "plain_text", text },
    value: JSON.stringify(value),
    ...(style && { style }),
  });
  return [
    button("hero365.pause-1h", "Pause 1 h", { stage, hours: 1 }),
    button("hero365.pause-4h", "Pause 4 h", { stage, hours: 4 }),
    button("hero365.pause", "Pause until resumed", { stage }, "danger"),
    button("hero365.resume", "Resume", { stage }),
  ];
}

/** A press of one of these buttons, as the slack-actions function reads it. */
export interface Click {
  kind: SlackActionKind;
  /** The Slack user who pressed the button. */
  user: string;
  value: ButtonValue;
  responseUrl: string;
  actionTs: string;
  /** The blocks of the message the button is on, as Slack sent them with the click. */
  messageBlocks?: { type: string; [key: string]: unknown }[];
}
