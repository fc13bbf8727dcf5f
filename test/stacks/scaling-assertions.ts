/** Assertions on the Scaling stack shared by the per-stage stack tests (each stage synthesizes in its own file). */
import { Match, type Template } from "aws-cdk-lib/assertions";
import { expect, it } from "vitest";
import { stageConfig } from "../../core/config/index.js";
import { SERVICES, TIERS } from "../../core/matrix/tiers.js";
import { DEAD_LETTERS_ARN } from "../support/dead-letters.js";

export function scalingStackAssertions(stage: string, scaling: () => Template) {
  const config = stageConfig(stage);
  const tier = TIERS[config.tier];

  it.each(SERVICES)(`registers the %s scalable target with the ${tier.name} tier's min and max`, (service) => {
    scaling().hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", {
      ResourceId: `service/${config.ecs.clusterName}/${config.ecs.services[service].serviceName}`,
      ScalableDimension: "ecs:service:DesiredCount",
      ServiceNamespace: "ecs",
      MinCapacity: tier.services[service].minCapacity,
      MaxCapacity: tier.services[service].maxCapacity,
    });
  });

  it.each(SERVICES)(
    "tracks CPU (the tier's target), memory 80 % and 1000 requests per target for %s, cooldowns 300 s",
    (service) => {
      const policies = Object.values(scaling().findResources("AWS::ApplicationAutoScaling::ScalingPolicy")) as any[];
      const mine = policies
        .map((p) => p.Properties)
        .filter((p) => String(p.PolicyName).startsWith(`hero365-${stage}-${service}-`));
      const byMetric = Object.fromEntries(
        mine.map((p) => [
          p.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType,
          p,
        ]),
      );
      expect(Object.keys(byMetric).sort()).toEqual([
        "ALBRequestCountPerTarget",
        "ECSServiceAverageCPUUtilization",
        "ECSServiceAverageMemoryUtilization",
      ]);
      const target = (m: string) => byMetric[m].TargetTrackingScalingPolicyConfiguration;
      expect(target("ECSServiceAverageCPUUtilization").TargetValue).toBe(tier.services[service].targetCPU);
      expect(target("ECSServiceAverageMemoryUtilization").TargetValue).toBe(80);
      expect(target("ALBRequestCountPerTarget").TargetValue).toBe(1000);
      expect(target("ALBRequestCountPerTarget").PredefinedMetricSpecification.ResourceLabel).toBe(
        `${config.ecs.services[service].loadBalancerFullName}/${config.ecs.services[service].targetGroupFullName}`,
      );
      for (const p of mine) {
        expect(p.TargetTrackingScalingPolicyConfiguration).toMatchObject({
          ScaleInCooldown: 300,
          ScaleOutCooldown: 300,
        });
      }
    },
  );

  it("routes ALARM and OK of the scale-out rows' alarms to scale-ecs, with retries and the dead-letter queue", () => {
    scaling().hasResourceProperties("AWS::Events::Rule", {
      EventBusName: "default",
      EventPattern: {
        source: ["aws.cloudwatch"],
        "detail-type": ["CloudWatch Alarm State Change"],
        detail: {
          alarmName: [
            { prefix: `hero365-${stage}-cpu-high-` },
            { prefix: `hero365-${stage}-memory-high-` },
            { prefix: `hero365-${stage}-response-time-high-` },
          ],
          state: { value: ["ALARM", "OK"] },
        },
      },
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: DEAD_LETTERS_ARN },
        }),
      ],
    });
    scaling().hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      DestinationConfig: { OnFailure: { Destination: DEAD_LETTERS_ARN } },
    });
  });

  it("brings follow-ups back through a queue with partial batch responses and the dead-letter queue after 3 receives", () => {
    scaling().hasResourceProperties("AWS::SQS::Queue", {
      VisibilityTimeout: 180,
      RedrivePolicy: {
        maxReceiveCount: 3,
        deadLetterTargetArn: DEAD_LETTERS_ARN,
      },
    });
    scaling().hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      BatchSize: 10,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      EventSourceArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^scaleecsfollowups"), "Arn"] },
    });
  });

  it("reads the kill switch parameter, which no stack creates (a missing one reads as not paused)", () => {
    // SST's finish() adds its own metadata parameters under /sst/; none may be the kill switch.
    expect(
      scaling().findResources("AWS::SSM::Parameter", { Properties: { Name: `/hero365/${stage}/paused` } }),
    ).toEqual({});
    scaling().hasResourceProperties("AWS::Lambda::Function", {
      Environment: { Variables: Match.objectLike({ KILL_SWITCH_PARAMETER: `/hero365/${stage}/paused` }) },
    });
  });

  it("scopes ECS and AAS writes to the two services and this account's scalable targets", () => {
    const statements = (Object.values(scaling().findResources("AWS::IAM::Policy")) as any[]).flatMap(
      (p) => p.Properties.PolicyDocument.Statement,
    );
    const find = (action: string) => statements.filter((s) => [s.Action].flat().includes(action));
    const update = find("ecs:UpdateService");
    expect(update).toHaveLength(1);
    const resources = JSON.stringify(update[0].Resource);
    for (const service of SERVICES) {
      expect(resources).toContain(`:service/${config.ecs.clusterName}/${config.ecs.services[service].serviceName}`);
    }
    expect(update[0].Resource).not.toContain("*");
    const register = find("application-autoscaling:RegisterScalableTarget");
    expect(register).toHaveLength(1);
    expect(JSON.stringify(register[0].Resource)).toMatch(/arn:aws:application-autoscaling:.*:scalable-target\/\*/);
    expect(register[0].Resource).not.toBe("*");
    for (const s of statements) {
      if (s.Resource !== "*") continue;
      for (const action of [s.Action].flat()) {
        expect([
          "application-autoscaling:DescribeScalableTargets",
          "cloudwatch:GetMetricData",
          "xray:PutTraceSegments",
          "xray:PutTelemetryRecords",
        ]).toContain(action);
      }
    }
  });
}
