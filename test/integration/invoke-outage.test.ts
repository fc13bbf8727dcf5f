import { describe, expect, it } from "vitest";
import { runScript } from "../support/cli.js";
import { fixturePath } from "../support/fixtures.js";

const invoke = (...args: string[]) => runScript("invoke.ts", args);
const EPISODE = "hero365-prod-lb-error-rate-high-alb#2026-11-27T11:01:21.310+0000";

describe("npm run invoke -- page-oncall <load-balancer 5xx sample> --stage prod", () => {
  it("pages on-call once for the load balancer, with both services' diagnostics and console links", async () => {
    const { code, json, stderr } = await invoke(
      "page-oncall",
      fixturePath("cloudwatch/lb-error-rate-high.alarm"),
      "--stage",
      "prod",
    );
    expect(code).toBe(0);
    expect(json).toMatchObject({ function: "page-oncall", ok: true, result: { outcome: "act", mode: "dry-run" } });
    expect(json.effects.map((e: { type: string }) => e.type)).toEqual([
      "pagerduty.trigger",
      "slack.chat.postMessage",
      "sns.Publish",
      "sqs.SendMessage",
    ]);
    const [trigger, , sns, followUp] = json.effects;
    expect(trigger).toMatchObject({ dedupKey: EPISODE, severity: "critical", component: "alb" });
    expect(trigger.summary).toContain("Load balancer 5xx rate above 1 % on alb (stage prod): 74.86 %");
    expect(trigger.customDetails.Service).toBe("load balancer hero365-alb (backend + frontend)");
    expect(trigger.customDetails.diagnostics).toEqual(
      expect.arrayContaining(["backend: Tasks: 3 running / 3 desired", "frontend: Tasks: 2 running / 2 desired"]),
    );
    expect(trigger.links.map((l: { text: string }) => l.text)).toEqual([
      "CloudWatch alarm",
      "ECS service backend",
      "ECS service frontend",
    ]);
    expect(sns).toMatchObject({
      topic: "onCall",
      attributes: { service: "alb", row: "lb-error-rate-high", state: "ALARM" },
    });
    expect(followUp.body).toMatchObject({
      functionName: "page-oncall",
      alarmName: "hero365-prod-lb-error-rate-high-alb",
    });
    expect(stderr).toContain(`effect pagerduty.trigger dedup_key=${EPISODE} severity=critical`);
  });

  it("resolves the same page on the OK sample", async () => {
    const { code, json } = await invoke(
      "page-oncall",
      fixturePath("cloudwatch/lb-error-rate-high.ok"),
      "--stage",
      "prod",
    );
    expect(code).toBe(0);
    expect(json.effects.map((e: { type: string }) => e.type)).toEqual([
      "pagerduty.resolve",
      "slack.chat.postMessage",
      "sns.Publish",
    ]);
    expect(json.effects[0]).toMatchObject({ dedupKey: EPISODE });
    expect(json.effects[2].subject).toBe("[RESOLVED] hero365 prod alb: Load balancer 5xx rate above 1 %");
  });

  it("pages nobody on INSUFFICIENT_DATA", async () => {
    const { json } = await invoke(
      "page-oncall",
      fixturePath("cloudwatch/lb-error-rate-high.insufficient-data"),
      "--stage",
      "prod",
    );
    expect(json).toMatchObject({ ok: true, effects: [], result: { outcome: "skip", code: "insufficient-data" } });
  });
});
