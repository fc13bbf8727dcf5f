import { describe, expect, it } from "vitest";
import { effect } from "../../core/kernel/effects.js";
import { act, hold } from "../../core/kernel/plan.js";
import type { Click } from "../../core/slack-actions/buttons.js";
import { handOff, isHandedOffClick, isSlow, parseHandedOffClick } from "../../core/slack-actions/hand-off.js";
import { signedSlackEvent } from "../../scripts/lib/sign-slack.js";

const click: Click = {
  kind: "acknowledge",
  user: "U024BE7LH",
  value: { stage: "prod", episode: "hero365-prod-error-rate-high-backend#2026-11-27T03:15:21.310+0000" },
  responseUrl: "https://hooks.slack.com/actions/T0HERO365/1/x",
  actionTs: "1795749598.700100",
};
const reply = effect({ type: "slack.respond", url: click.responseUrl, responseType: "ephemeral", text: "t" }, "r");

describe("handing a slow click on", () => {
  it("hands on a plan that calls a slow API, never a Pause/Resume or a reply-only hold", () => {
    const ack = act("ack", [effect({ type: "pagerduty.acknowledge", dedupKey: "k" }, "r"), reply], "s");
    const pause = act("pause", [effect({ type: "ssm.PutParameter", name: "/p", value: "true" }, "r"), reply], "s");

    expect(isSlow(ack)).toBe(true);
    expect(isSlow(pause)).toBe(false);
    expect(isSlow(hold("episode-closed", "closed", [reply]))).toBe(false);
  });

  it("plans one asynchronous invocation of the function with the click, claimed once per click", () => {
    const plan = handOff(click, act("ack", [], "s"), "prod-hero365-scaling-slack-actions", "prod");

    expect(plan.stepKey).toBe("slack-actions#prod#hand-off#U024BE7LH#1795749598.700100");
    expect(plan.effects).toEqual([
      expect.objectContaining({
        type: "lambda.Invoke",
        functionName: "prod-hero365-scaling-slack-actions",
        payload: { source: "hero365.slack-actions", click },
      }),
    ]);
    expect(parseHandedOffClick((plan.effects[0] as { payload: unknown }).payload).click).toEqual(click);
  });

  it("tells a handed-off click from a Function URL request, whatever the request's body says", () => {
    const url = signedSlackEvent({ source: "hero365.slack-actions", click }, "secret", new Date());

    expect(isHandedOffClick({ source: "hero365.slack-actions", click })).toBe(true);
    expect(isHandedOffClick(url)).toBe(false);
    expect(isHandedOffClick({ ...url, source: "hero365.slack-actions", click })).toBe(false);
    expect(isHandedOffClick(null)).toBe(false);
  });

  it("refuses a handed-off click of another shape with a clear error", () => {
    expect(() => parseHandedOffClick({ source: "hero365.slack-actions", click: { ...click, kind: "nuke" } })).toThrow(
      /handed-off Slack click/,
    );
    expect(() => parseHandedOffClick({ source: "aws.events", click })).toThrow(/handed-off Slack click/);
  });
});
