/** The effects a click can have, named after the API operation that carries them out. */
import type { Click } from "./buttons.js";

/** Writes the kill switch (core/scaling/kill-switch.ts): a pause with who and until when, or `false`. */
export interface SsmPutParameter {
  type: "ssm.PutParameter";
  /** The kill switch parameter, `/hero365/<stage>/paused`. */
  name: string;
  value: string;
}

/**
 * A reply through the interaction's `response_url` (https://api.slack.com/interactivity/handling#message_responses):
 * `ephemeral` only the clicker sees it; `in_channel` everyone in the channel does.
 */
export interface SlackRespond {
  type: "slack.respond";
  url: string;
  responseType: "ephemeral" | "in_channel";
  text: string;
  /** Replace the message the button is on with these blocks (Slack's `replace_original`), instead of a new one. */
  replaceOriginal?: { blocks: { type: string; [key: string]: unknown }[] };
}

/** PagerDuty Events v2 `acknowledge` of the episode's alert (its dedup_key is the episode key). */
export interface PagerDutyAcknowledge {
  type: "pagerduty.acknowledge";
  dedupKey: string;
}

/**
 * A click handed to a second, asynchronous invocation of the function (`InvocationType: "Event"`): the slow
 * buttons' work (PagerDuty, GitHub, Application Auto Scaling) is done there, after Slack got its answer.
 */
export interface LambdaInvoke {
  type: "lambda.Invoke";
  functionName: string;
  payload: { source: "hero365.slack-actions"; click: Click };
}

declare module "../kernel/effects.js" {
  interface EffectRegistry {
    "ssm.PutParameter": SsmPutParameter;
    "slack.respond": SlackRespond;
    "pagerduty.acknowledge": PagerDutyAcknowledge;
    "lambda.Invoke": LambdaInvoke;
  }
}
