/**
 * What doctor says about a configuration offline: the ids that cannot be real. The secrets it needs are
 * required-secrets.test.ts's.
 */
import { describe, expect, it } from "vitest";
import { knownStages, type StageConfig, stageConfig } from "../../core/config/index.js";
import { checkConfig } from "../../scripts/lib/doctor/config-checks.js";
import type { DeployPlan } from "../../scripts/lib/doctor/plan.js";
import { sharedScalableTargets } from "../../scripts/lib/doctor/shared-services.js";
import { exampleProd } from "../support/config.js";

const config = exampleProd;
const problems = (c: StageConfig) =>
  checkConfig(c)
    .filter((f) => f.level === "problem")
    .map((f) => f.message);

describe("doctor's configuration checks", () => {
  it("finds no problem in the example stages", () => {
    for (const stage of knownStages()) expect(problems(stageConfig(stage)), stage).toEqual([]);
  });

  it("rejects a load balancer name longer than AWS allows and a hyphen at its end", () => {
    const found = problems(
      config((c) => {
        c.ecs.services.backend.loadBalancerFullName = `app/${"a".repeat(33)}/50dc6c495c0c9188`;
        c.ecs.services.frontend.targetGroupFullName = "targetgroup/frontend-/5a3c1e7f9b2d4c6e";
      }),
    );
    expect(found).toEqual([
      expect.stringContaining("ecs.services.backend.loadBalancerFullName"),
      expect.stringContaining("ecs.services.frontend.targetGroupFullName"),
    ]);
  });

  it("rejects a made-up region, two services on one target group, and a budget that brakes nothing", () => {
    const found = problems(
      config((c) => {
        c.region = "xx-nowhere-1";
        c.ecs.services.frontend.targetGroupFullName = c.ecs.services.backend.targetGroupFullName;
        c.safety.hourlyActionBudget = 120;
      }),
    );
    expect(found).toEqual([
      expect.stringContaining('region "xx-nowhere-1"'),
      expect.stringContaining("both services name the same target group"),
      expect.stringContaining("safety.hourlyActionBudget 120"),
    ]);
  });
});

describe("doctor's shared-service check", () => {
  const dev = stageConfig("dev");
  const devBackend = `service/${dev.ecs.clusterName}/${dev.ecs.services.backend.serviceName}`;
  const planWith = (resourceId: string) =>
    ({ scalableTargets: [{ stack: "x-Scaling", resourceId, min: 1, max: 2 }] }) as unknown as DeployPlan;

  it("flags a stage whose templates register a scalable target on another named stage's service", () => {
    const found = sharedScalableTargets("alice", planWith(devBackend));
    expect(found).toEqual([
      { level: "problem", message: expect.stringContaining(`${devBackend} is also stage dev's`) },
    ]);
  });

  it("accepts a stage registering its own services", () => {
    expect(sharedScalableTargets("dev", planWith(devBackend))).toEqual([]);
  });
});
