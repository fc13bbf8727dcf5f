import { describe, expect, it } from "vitest";
import { runScript } from "../support/cli.js";

const invoke = (...args: string[]) => runScript("invoke.ts", args);
const EPISODE = "hero365-prod-error-rate-high-backend#2026-11-27T03:15:21.310+0000";

describe("npm run invoke -- slack-actions, a slow click", () => {
  it("answers with the hand-off, then shows what the handed-off invocation does (the acknowledge and the reply)", async () => {
    const { code, json, stderr } = await invoke(
      "slack-actions",
      "events/slack/acknowledge.signed.json",
      "--world",
      "events/worlds/paged-episode.json",
    );

    expect(code).toBe(0);
    expect(JSON.parse(json.result.body)).toEqual({ outcome: "act", status: "recorded", handedOff: true });
    expect(json.effects.map((e: { type: string }) => e.type)).toEqual([
      "lambda.Invoke",
      "pagerduty.acknowledge",
      "slack.respond",
    ]);
    expect(json.effects[0]).toMatchObject({
      functionName: "prod-hero365-scaling-slack-actions",
      payload: { source: "hero365.slack-actions", click: { kind: "acknowledge", user: "U024BE7LH" } },
    });
    expect(json.effects[1]).toMatchObject({ dedupKey: EPISODE });
    expect(stderr).toContain("effect lambda.Invoke — carry out acknowledge after answering Slack");
  });

  it("acts inline on a Pause: no hand-off", async () => {
    const { code, json } = await invoke("slack-actions", "events/slack/pause-automation.signed.json");

    expect(code).toBe(0);
    expect(json.effects.map((e: { type: string }) => e.type)).toEqual(["ssm.PutParameter", "slack.respond"]);
  });
});
