import { describe, expect, it } from "vitest";
import { runScript } from "../support/cli.js";
import { fixturePath } from "../support/fixtures.js";

const invoke = (...args: string[]) => runScript("invoke.ts", args);

describe("npm run invoke for the reconciler (dry-run, local world)", () => {
  it("finds nothing to converge in the default world", async () => {
    const { code, json } = await invoke("reconcile", fixturePath("scheduled/reconcile"));

    expect(code).toBe(0);
    expect(json).toMatchObject({ function: "reconcile", ok: true, effects: [] });
    expect(json.result).toMatchObject({ outcome: "skip", code: "nothing-to-do", status: "nothing-to-apply" });
  });

  it("plans the floor back to the tier minimum and the page resolved when the OK events were lost", async () => {
    const { code, json, stderr } = await invoke(
      "reconcile",
      fixturePath("scheduled/reconcile"),
      "--world",
      fixturePath("worlds/lost-ok"),
    );

    expect(code).toBe(0);
    expect(json.result).toMatchObject({ outcome: "act", mode: "dry-run", status: "recorded" });
    expect(json.effects).toContainEqual(
      expect.objectContaining({ type: "applicationautoscaling.RegisterScalableTarget", minCapacity: 3 }),
    );
    expect(json.effects).toContainEqual({
      type: "pagerduty.resolve",
      dedupKey: "hero365-prod-error-rate-high-backend#2026-11-27T14:16:21.310+0000",
      reason: "resolve the page of hero365-prod-error-rate-high-backend#2026-11-27T14:16:21.310+0000",
    });
    expect(stderr).toContain("decision: act (recorded): lower backend's floor 11 → 3");
  });
});
