/**
 * A Slack `block_actions` interaction, as Slack POSTs it to the app's interactivity URL: form-encoded, the JSON
 * in the `payload` field. Only what the pipeline reads is required; Slack adds fields over time, so unknown
 * keys are kept. https://api.slack.com/reference/interaction-payloads/block-actions
 */
import * as z from "zod";

const SlackId = z.string().regex(/^[A-Z][A-Z0-9]{1,30}$/, "expected a Slack id");

export const SlackButtonActionSchema = z.looseObject({
  type: z.literal("button"),
  action_id: z.string().min(1).max(255),
  block_id: z.string().max(255).optional(),
  /** Set by our buttons (core/slack-actions/buttons.ts); at most 2,000 characters in Slack. */
  value: z.string().max(2000),
  action_ts: z.string().regex(/^\d{1,12}\.\d{1,9}$/, "expected Slack's seconds.micros"),
});

export const SlackBlockActionsSchema = z.looseObject({
  type: z.literal("block_actions"),
  user: z.looseObject({ id: SlackId, username: z.string().optional(), name: z.string().optional() }),
  team: z.looseObject({ id: SlackId }).nullable().optional(),
  channel: z.looseObject({ id: SlackId, name: z.string().optional() }).optional(),
  container: z.looseObject({ type: z.string(), message_ts: z.string().optional() }).optional(),
  /** The message the button is on, with its blocks (a button's Acknowledge edits them to say who). */
  message: z
    .looseObject({ ts: z.string(), blocks: z.array(z.looseObject({ type: z.string() })).optional() })
    .optional(),
  trigger_id: z.string().optional(),
  response_url: z.url({ protocol: /^https?$/ }),
  actions: z.array(SlackButtonActionSchema).length(1, "expected exactly one button action"),
});

export type SlackBlockActions = z.output<typeof SlackBlockActionsSchema>;
