/**
 * The local tools apply nothing, so they show a stage as if live by default; `--as-configured` shows it as the
 * example file ships it (every stage in shadow mode, PagerDuty off).
 */
import { describe, expect, it } from "vitest";
import { runScript } from "../support/cli.js";
import { fixturePath } from "../support/fixtures.js";

const invoke = (fn: string, event: string, ...flags: string[]) =>
  runScript("invoke.ts", [fn, fixturePath(`cloudwatch/${event}`), ...flags]);

describe("npm run invoke, as if live or as configured", () => {
  it("plans the scale-out as if live by default, and says so", async () => {
    const { code, json, stderr } = await invoke("scale-ecs", "cpu-high.alarm");
    expect(code).toBe(0);
    expect(stderr).toContain("(stage prod, dry-run, as if live)");
    expect(json.result).toMatchObject({ outcome: "act", mode: "dry-run", status: "recorded" });
    expect(json.effects.map((e: { type: string }) => e.type)).toContain(
      "applicationautoscaling.RegisterScalableTarget",
    );
  });

  it("holds in shadow mode with --as-configured: a would-scale notice, no scaling effect", async () => {
    const { code, json, stderr } = await invoke("scale-ecs", "cpu-high.alarm", "--as-configured");
    expect(code).toBe(0);
    expect(stderr).toContain("(stage prod, dry-run, as configured)");
    expect(json.result).toMatchObject({ outcome: "hold", code: "shadow", mode: "dry-run", status: "recorded" });
    const types = json.effects.map((e: { type: string }) => e.type);
    expect(types).not.toContain("applicationautoscaling.RegisterScalableTarget");
    expect(types).not.toContain("ecs.UpdateService");
    expect(json.result.reason).toMatch(/would scale backend 3 → 4/);
  });

  it("pages through PagerDuty as if live, and not at all as configured (PagerDuty off)", async () => {
    const live = await invoke("page-oncall", "error-rate-high.alarm");
    const configured = await invoke("page-oncall", "error-rate-high.alarm", "--as-configured");
    const types = (r: typeof live) => r.json.effects.map((e: { type: string }) => e.type);
    expect(types(live)).toContain("pagerduty.trigger");
    expect(types(configured)).not.toContain("pagerduty.trigger");
  });
});
