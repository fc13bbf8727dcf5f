import { describe, expect, it } from "vitest";
import { runScript } from "../support/cli.js";
import { fixturePath } from "../support/fixtures.js";

const invoke = (fn: string, event: string, world?: string) =>
  runScript("invoke.ts", [
    fn,
    fixturePath(`cloudwatch/${event}`),
    ...(world ? ["--world", fixturePath(`worlds/${world}`)] : []),
  ]);
const types = (effects: { type: string }[]) => effects.map((e) => e.type);
const INTERVAL_MS = 30 * 60_000;

describe("npm run invoke: late deliveries are checked against the alarm now", () => {
  it("plans no scaling for a cpu-high ALARM 20 minutes old whose alarm is OK now (stale-event)", async () => {
    const { code, json } = await invoke("scale-ecs", "cpu-high.alarm.late", "alarm-already-ok");
    expect(code).toBe(0);
    expect(json.result).toMatchObject({ outcome: "skip", code: "stale-event", status: "nothing-to-apply" });
    expect(json.result.reason).toContain("(20 min old)");
    expect(json.result.reason).toContain("hero365-prod-cpu-high-backend is OK now");
    expect(json.effects).toEqual([]);
  });

  it("pages nobody for an error-rate ALARM 2 hours old whose alarm is OK now (stale-event)", async () => {
    const { code, json } = await invoke("page-oncall", "error-rate-high.alarm.late", "alarm-already-ok");
    expect(code).toBe(0);
    expect(json.result).toMatchObject({ outcome: "skip", code: "stale-event" });
    expect(json.result.reason).toContain("(2 h 0 min old)");
    expect(json.effects).toEqual([]);
  });

  it.each([
    ["notify", "cpu-critical.alarm", "hero365-prod-cpu-critical-backend"],
    ["plan-upgrade-ticket", "db-connections-high.alarm", "hero365-prod-db-connections-high-supabase"],
    ["optimize-query-alert", "bandwidth-high.alarm", "hero365-prod-bandwidth-high-supabase"],
  ])("%s acts on nothing for a late ALARM whose alarm is OK now (stale-event)", async (fn, event, alarm) => {
    const { code, json } = await invoke(fn, event, "monitoring-and-supabase-alarms-ok");
    expect(code).toBe(0);
    expect(json.result).toMatchObject({ outcome: "skip", code: "stale-event", status: "nothing-to-apply" });
    expect(json.result.reason).toContain(`${alarm} is OK now`);
    expect(json.effects).toEqual([]);
  });

  it("pages once for an error-rate ALARM 2 hours old that still fires, and re-pages no sooner than one interval from now", async () => {
    const { code, json } = await invoke("page-oncall", "error-rate-high.alarm.late", "error-rate-firing-2h");
    expect(code).toBe(0);
    expect(json.result).toMatchObject({ outcome: "act" });
    expect(types(json.effects).filter((t) => t === "pagerduty.trigger")).toHaveLength(1);
    const followUps = json.effects.filter((e: { type: string }) => e.type === "sqs.SendMessage");
    expect(followUps).toHaveLength(1);
    const now = Date.parse("2026-11-27T03:35:21.310Z");
    expect(Date.parse(followUps[0].body.dueAt) - now).toBeGreaterThanOrEqual(INTERVAL_MS);
    // Still on the episode's slots: opened + 5 × 30 min.
    expect(followUps[0].body).toMatchObject({ step: 5, dueAt: "2026-11-27T04:05:21.310Z" });
    expect(followUps[0].delaySeconds).toBeGreaterThan(0);
  });
});

describe("npm run invoke: a scale-out never lowers the floor", () => {
  it("holds with floor-above-step when AAS min 12 is above the step 5 → 7, and looks again after the cooldown", async () => {
    const { code, json } = await invoke("scale-ecs", "cpu-high.alarm", "min-above-desired");
    expect(code).toBe(0);
    expect(json.result).toMatchObject({ outcome: "hold", code: "floor-above-step" });
    expect(json.result.reason).toContain("floor is already 12");
    expect(types(json.effects)).not.toContain("applicationautoscaling.RegisterScalableTarget");
    expect(types(json.effects)).not.toContain("ecs.UpdateService");
    expect(json.effects.find((e: { type: string }) => e.type === "sqs.SendMessage")).toMatchObject({
      delaySeconds: 300,
      body: { step: 2 },
    });
  });

  it("rejects a world whose scalable target has min 20 above max 5, in one line, with exit code 2", async () => {
    const { code, stdout, stderr } = await invoke("scale-ecs", "cpu-high.alarm", "min-above-max");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    const lines = stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("backend's scalable target has minCapacity 20 above maxCapacity 5");
  });
});

describe("npm run invoke: a suppressed composite alarm does not page", () => {
  it("notifies quietly on the alerts topic, names the suppression and triggers no page", async () => {
    const { code, json } = await invoke("page-oncall", "error-rate-high.alarm.suppressed");
    expect(code).toBe(0);
    expect(json.result).toMatchObject({ outcome: "hold", code: "actions-suppressed" });
    expect(types(json.effects)).not.toContain("pagerduty.trigger");
    const sns = json.effects.filter((e: { type: string }) => e.type === "sns.Publish");
    expect(sns).toHaveLength(1);
    expect(sns[0]).toMatchObject({ topic: "alerts" });
    expect(sns[0].message).toContain("its actions are suppressed by WaitPeriod");
  });
});
