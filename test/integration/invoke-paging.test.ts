import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_WORLD } from "../../sim/local/world.js";
import { runScript } from "../support/cli.js";
import { fixturePath } from "../support/fixtures.js";

const invoke = (...args: string[]) => runScript("invoke.ts", args);
const EPISODE = "hero365-prod-error-rate-high-backend#2026-11-27T14:21:09.845+0000";

describe("npm run invoke -- page-oncall", () => {
  it("prints the PagerDuty trigger, the Slack blocks and the on-call SNS message of an error-rate ALARM", async () => {
    const { code, json, stderr } = await invoke("page-oncall", fixturePath("cloudwatch/error-rate-high.alarm"));
    expect(code).toBe(0);
    expect(json).toMatchObject({ function: "page-oncall", ok: true, result: { outcome: "act", mode: "dry-run" } });
    expect(json.effects.map((e: { type: string }) => e.type)).toEqual([
      "pagerduty.trigger",
      "slack.chat.postMessage",
      "sns.Publish",
      "sqs.SendMessage",
    ]);
    expect(json.effects[0]).toMatchObject({ dedupKey: EPISODE, severity: "critical" });
    expect(json.effects[3]).toMatchObject({ body: { functionName: "page-oncall", step: 1 } });
    expect(json.effects[2]).toMatchObject({ topic: "onCall", attributes: { row: "error-rate-high", state: "ALARM" } });
    expect(stderr).toContain(`effect pagerduty.trigger dedup_key=${EPISODE} severity=critical`);
    expect(stderr).toContain("effect slack.chat.postMessage to #hero365-alerts");
    expect(stderr).toMatch(/blocks: \[\n\s+\{\n\s+"type": "header"/);
    // The default world's diagnostics reach the page.
    expect(stderr).toContain("ERROR invoice-service: connection terminated unexpectedly (pool exhausted)");
    expect(stderr).toContain("effect sns.Publish to onCall");
  });

  it("prints the resolves of the OK sample, and the closing mark its missing episode leaves", async () => {
    const { code, json, stderr } = await invoke("page-oncall", fixturePath("cloudwatch/error-rate-high.ok"));
    expect(code).toBe(0);
    expect(json.effects.map((e: { type: string }) => e.type)).toEqual([
      "pagerduty.resolve",
      "slack.chat.postMessage",
      "sns.Publish",
      "dynamodb.PutItem",
    ]);
    expect(json.effects[3].item).toMatchObject({ pk: "CLOSED#hero365-prod-error-rate-high-backend" });
    expect(json.effects[0]).toEqual(expect.objectContaining({ type: "pagerduty.resolve", dedupKey: EPISODE }));
    expect(json.effects[2].subject).toMatch(/^\[RESOLVED\]/);
    expect(stderr).toContain(`effect pagerduty.resolve dedup_key=${EPISODE}`);
  });

  it("edits the episode's message when the world holds it", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "hero365-"));
    const world = path.join(dir, "world.json");
    const episode = {
      pk: "EPISODE#hero365-prod-error-rate-high-backend",
      sk: "OPENED#2026-11-27T14:21:09.845Z",
      alarmName: "hero365-prod-error-rate-high-backend",
      openedAt: "2026-11-27T14:21:09.845+0000",
      slack: { channel: "C0HERO365", ts: "1795789270.000100" },
      actions: [],
      paged: true,
      flaps: 0,
      notified: ["2026-11-27T14:21:09.845+0000"],
      version: 1,
    };
    await writeFile(world, JSON.stringify({ ...DEFAULT_WORLD, state: [episode] }));
    const { json, stderr } = await invoke(
      "page-oncall",
      fixturePath("cloudwatch/error-rate-high.ok"),
      "--world",
      world,
    );
    expect(json.effects.map((e: { type: string }) => e.type)).toEqual([
      "pagerduty.resolve",
      "slack.chat.postMessage",
      "slack.chat.update",
      "sns.Publish",
    ]);
    expect(stderr).toContain("effect slack.chat.update to C0HERO365 ts=1795789270.000100");
    expect(stderr).toContain("effect slack.chat.postMessage to C0HERO365 thread 1795789270.000100");
  });

  it("pages nobody on INSUFFICIENT_DATA", async () => {
    const { json } = await invoke("page-oncall", fixturePath("cloudwatch/error-rate-high.insufficient-data"));
    expect(json).toMatchObject({ ok: true, effects: [], result: { outcome: "skip", code: "insufficient-data" } });
  });

  it("pages again from a due follow-up while the world's alarm is still in ALARM", async () => {
    const { code, json, stderr } = await invoke(
      "page-oncall",
      fixturePath("sqs/page-oncall.follow-up"),
      "--world",
      fixturePath("worlds/error-rate-still-firing"),
    );
    expect(code).toBe(0);
    expect(json.result).toEqual({ batchItemFailures: [] });
    expect(json.effects.map((e: { type: string }) => e.type)).toEqual([
      "pagerduty.trigger",
      "slack.chat.postMessage",
      "slack.chat.update",
      "sns.Publish",
      "sqs.SendMessage",
    ]);
    expect(json.effects[3].subject).toBe("[STILL IN ALARM] hero365 prod backend: 5xx error rate above 1 %");
    expect(json.effects[4].body).toMatchObject({ step: 2, dueAt: "2026-11-27T15:21:09.845Z" });
    expect(stderr).toContain("still in ALARM after 30 min (re-page 1)");
  });

  it("passes a follow-up that is not due yet on, without paging", async () => {
    const { json } = await invoke("page-oncall", fixturePath("sqs/page-oncall.follow-up"));
    expect(json.effects).toEqual([
      expect.objectContaining({
        type: "sqs.SendMessage",
        delaySeconds: 900,
        body: expect.objectContaining({ step: 1 }),
      }),
    ]);
  });
});
