/**
 * Answer at once, act after: a click whose plan calls a slow API (PagerDuty, GitHub, Application Auto Scaling,
 * SNS) is not carried out inside Slack's 3 seconds. The answer plans one `lambda.Invoke` of the function itself,
 * asynchronous, carrying the click it already verified; that invocation decides afresh and carries the click
 * out, replying through the click's `response_url`. Its event has a shape a Function URL never produces (no
 * `requestContext`, a top-level `source`), and only the function's own role may invoke it.
 */
import * as z from "zod";
import { effect } from "../kernel/effects.js";
import { parseEvent } from "../kernel/parse.js";
import { act, type Plan } from "../kernel/plan.js";
import type { Click } from "./buttons.js";
import { ButtonValueSchema, SLACK_ACTION_KINDS } from "./buttons.js";
import "./effects.js";

export const HAND_OFF_SOURCE = "hero365.slack-actions";

/** The effects a click may carry out inside the answer: one short call each. */
const INLINE_EFFECTS: ReadonlySet<string> = new Set(["ssm.PutParameter", "slack.respond"]);

export const HandedOffClickSchema = z.strictObject({
  source: z.literal(HAND_OFF_SOURCE),
  click: z.strictObject({
    kind: z.enum(SLACK_ACTION_KINDS),
    user: z.string().min(1),
    value: ButtonValueSchema,
    responseUrl: z.string().min(1),
    actionTs: z.string().min(1),
    messageBlocks: z.array(z.looseObject({ type: z.string() })).optional(),
  }),
});
export type HandedOffClick = z.output<typeof HandedOffClickSchema>;

/** True for a Lambda event that is a handed-off click, not a Function URL request (which has a requestContext). */
export function isHandedOffClick(event: unknown): boolean {
  return typeof event === "object" && event !== null && !("requestContext" in event) && "source" in event;
}

export function parseHandedOffClick(event: unknown): HandedOffClick {
  return parseEvent(HandedOffClickSchema, event, "handed-off Slack click");
}

/** True when the plan acts through an API slower than the answer may wait for. */
export function isSlow(plan: Plan): boolean {
  return plan.outcome === "act" && plan.effects.some((e) => !INLINE_EFFECTS.has(e.type));
}

/**
 * The answer's plan for a slow click: one asynchronous invocation of `functionName` with the click, claimed
 * once per click (the replay record already refuses a second delivery of the same signed request).
 * @example handOff(click, plan, "prod-hero365-scaling-fn-slack-actions").effects[0].type // "lambda.Invoke"
 */
export function handOff(click: Click, decided: Plan, functionName: string, stage: string): Plan {
  const did = `handed ${click.kind} of ${click.user} to an asynchronous invocation: ${decided.reason}`;
  return act(
    did,
    [
      effect(
        { type: "lambda.Invoke", functionName, payload: { source: HAND_OFF_SOURCE, click } },
        `carry out ${click.kind} after answering Slack`,
      ),
    ],
    `slack-actions#${stage}#hand-off#${click.user}#${click.actionTs}`,
  );
}
