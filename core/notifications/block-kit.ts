/**
 * The Block Kit shapes the pipeline sends to Slack: types only, so the effects, the buttons and the renderer
 * share them without importing each other.
 * https://api.slack.com/reference/block-kit/blocks
 */
export const AUTOMATION_BLOCK_ID = "hero365-automation";

export interface PlainText {
  type: "plain_text";
  text: string;
  emoji?: boolean;
}
export interface MrkdwnText {
  type: "mrkdwn";
  text: string;
}
export interface SlackButton {
  type: "button";
  text: PlainText;
  url: string;
  action_id: string;
}
/** A button that comes back to the slack-actions function when pressed (core/slack-actions/buttons.ts). */
export interface SlackActionButton {
  type: "button";
  text: PlainText;
  action_id: string;
  value: string;
  style?: "primary" | "danger";
  /** A button with a URL opens it; this one only comes back to us. */
  url?: never;
}
export type SlackBlock =
  | { type: "header"; text: PlainText }
  | { type: "section"; text?: MrkdwnText; fields?: MrkdwnText[] }
  | { type: "actions"; elements: SlackButton[] }
  | { type: "actions"; block_id: typeof AUTOMATION_BLOCK_ID; elements: SlackActionButton[] }
  | { type: "context"; elements: MrkdwnText[] }
  | { type: "divider" };

export interface SlackMessage {
  /** Fallback text: what push notifications show. */
  text: string;
  blocks: SlackBlock[];
}
