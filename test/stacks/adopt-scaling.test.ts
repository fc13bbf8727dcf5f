/**
 * A named stage that adopts existing scaling: the stacks register no scalable target and no policy (the
 * service's own stay as they are, and `sst remove` cannot deregister them), while scale-ecs keeps what it
 * needs to raise and restore the floor of the existing target.
 */
import type { Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alarmName } from "../../core/alarms/name.js";
import { stageConfig, useConfiguration } from "../../core/config/index.js";
import { TEST_CONFIG } from "../support/config.js";
import { synthTemplates } from "../support/synth.js";

const STAGE = "prod";
let scaling: Template;
let alarms: Template;

const ADOPTING = {
  ...TEST_CONFIG,
  stages: { ...TEST_CONFIG.stages, prod: { ...TEST_CONFIG.stages.prod, scaling: "adopt" as const } },
};

beforeAll(async () => {
  useConfiguration(ADOPTING);
  const synth = await synthTemplates(STAGE, { bundle: false, configuration: ADOPTING });
  scaling = synth.template("Scaling");
  alarms = synth.template("Alarms");
}, 120_000);
afterAll(() => useConfiguration(undefined));

const statements = (template: Template) =>
  (Object.values(template.findResources("AWS::IAM::Policy")) as any[]).flatMap(
    (p) => p.Properties.PolicyDocument.Statement,
  );

describe("a named stage that adopts its services' existing scaling", () => {
  it("is configured to adopt", () => {
    expect(stageConfig(STAGE).scaling).toBe("adopt");
  });

  it("registers no scalable target and no scaling policy", () => {
    scaling.resourceCountIs("AWS::ApplicationAutoScaling::ScalableTarget", 0);
    scaling.resourceCountIs("AWS::ApplicationAutoScaling::ScalingPolicy", 0);
  });

  it("still owns its matrix alarms", () => {
    // 6 rows × 2 services, the 2 Supabase rows and the load balancer's error rate.
    alarms.resourceCountIs("AWS::CloudWatch::Alarm", 15);
    alarms.hasResourceProperties("AWS::CloudWatch::Alarm", { AlarmName: alarmName(STAGE, "cpu-high", "backend") });
  });

  it("keeps scale-ecs's permissions to read and raise the floor of the existing scalable targets", () => {
    const actions = statements(scaling).flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(
      expect.arrayContaining([
        "application-autoscaling:DescribeScalableTargets",
        "application-autoscaling:RegisterScalableTarget",
      ]),
    );
  });

  it("is live (not marked dry-run): adopting changes who owns the scaling, not whether the pipeline acts", () => {
    const functions = (Object.values(scaling.findResources("AWS::Lambda::Function")) as any[]).filter(
      (fn) => fn.Properties.Environment?.Variables?.STATE_TABLE_NAME,
    );
    expect(functions).toHaveLength(1);
    for (const fn of functions) expect(fn.Properties.Environment.Variables.HERO365_DRY_RUN).toBeUndefined();
  });
});
