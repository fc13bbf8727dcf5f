import { describe, expect, it } from "vitest";
import { runScript } from "../support/cli.js";
import { fixturePath } from "../support/fixtures.js";

const invoke = (event: string, world?: string) =>
  runScript("invoke.ts", [
    "scale-ecs",
    fixturePath(`cloudwatch/${event}`),
    ...(world ? ["--world", fixturePath(`worlds/${world}`)] : []),
  ]);

describe("npm run invoke -- scale-ecs", () => {
  it("plans the floor raise for a cpu-high ALARM in the default world (Growth: 3 tasks, 84.2 % vs 70 %)", async () => {
    const { code, json } = await invoke("cpu-high.alarm");
    expect(code).toBe(0);
    expect(json.result).toMatchObject({ outcome: "act", mode: "dry-run", status: "recorded" });
    expect(json.effects[0]).toMatchObject({
      type: "applicationautoscaling.RegisterScalableTarget",
      resourceId: "service/hero365-cluster/hero365-backend",
      minCapacity: 4,
    });
  });

  it("plans ecs.UpdateService when the world's service has no scalable target", async () => {
    const { json } = await invoke("cpu-high.alarm", "no-scalable-target");
    expect(json.effects[0]).toMatchObject({ type: "ecs.UpdateService", service: "hero365-backend", desiredCount: 4 });
  });

  it("plans the floor restore for the OK sample of a scaled-out episode", async () => {
    const { json } = await invoke("cpu-high.ok", "scaled-out");
    expect(json.effects[0]).toMatchObject({ type: "applicationautoscaling.RegisterScalableTarget", minCapacity: 3 });
    expect(json.result.reason).toContain("floor 4 → 3");
  });

  it.each([
    ["deployment-in-progress", "deployment-in-progress"],
    ["scale-out-suspended", "aas-suspended"],
    ["at-ceiling", "at-ceiling"],
  ])("prints a hold for the %s world, with its reason", async (world, code) => {
    const { json } = await invoke("cpu-high.alarm", world);
    expect(json.result).toMatchObject({ outcome: "hold", code });
    expect(json.effects.map((e: { type: string }) => e.type)).not.toContain(
      "applicationautoscaling.RegisterScalableTarget",
    );
  });
});
