import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { RECONCILE } from "../../core/reconcile/spec.js";
import { DEAD_LETTERS_ARN, isDeadLettersArn } from "../support/dead-letters.js";
import { synthTemplates } from "../support/synth.js";

let reconciler: Template;

beforeAll(async () => {
  const synth = await synthTemplates("prod", { bundle: false });
  reconciler = synth.template("Reconciler");
}, 120_000);

function reconcileFunction(): { id: string; props: Record<string, any> } {
  const found = Object.entries(
    reconciler.findResources("AWS::Lambda::Function", {
      Properties: { Description: `hero365 prod: ${RECONCILE.description}` },
    }),
  );
  expect(found).toHaveLength(1);
  const [id, resource] = found[0] as [string, { Properties: Record<string, any> }];
  return { id, props: resource.Properties };
}

function statements(): { Action: string | string[]; Resource: unknown }[] {
  const { id } = reconcileFunction();
  return (Object.values(reconciler.findResources("AWS::IAM::Policy")) as any[])
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(id.replace(/[0-9A-F]{8}$/, "")))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

function resourcesOf(action: string): string {
  return JSON.stringify(
    statements()
      .filter((s) => !infrastructureGrant(s) && [s.Action].flat().includes(action))
      .map((s) => s.Resource),
  );
}

/**
 * What the constructs grant by themselves: X-Ray tracing, SST's bound secrets, the failure destination (the
 * stage's dead-letter queue).
 */
function infrastructureGrant(s: { Action: string | string[]; Resource: unknown }): boolean {
  const actions = [s.Action].flat();
  const resource = JSON.stringify(s.Resource);
  if (actions.every((a) => a.startsWith("xray:"))) return true;
  if (actions.every((a) => a === "ssm:GetParameters") && resource.includes(":parameter/sst/")) return true;
  return actions.every((a) => a.startsWith("sqs:")) && isDeadLettersArn(s.Resource);
}

describe("Reconciler stack", () => {
  it("runs reconcile every 5 minutes, retried once within the period, failures to the dead-letter queue", () => {
    const fn = reconcileFunction();
    reconciler.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(5 minutes)",
      Targets: [
        Match.objectLike({
          Arn: { "Fn::GetAtt": [fn.id, "Arn"] },
          RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 300 },
          DeadLetterConfig: { Arn: DEAD_LETTERS_ARN },
        }),
      ],
    });
    reconciler.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: { Ref: fn.id },
      MaximumRetryAttempts: 1,
      MaximumEventAgeInSeconds: 300,
      DestinationConfig: { OnFailure: { Destination: DEAD_LETTERS_ARN } },
    });
    expect(fn.props.Timeout).toBe(60);
  });

  it("alarms on errors in two periods in a row (a failed run's record alarms in the dead-letter queue)", () => {
    reconciler.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", { Namespace: "AWS/SQS" }, 0);
    reconciler.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "hero365-prod-reconcile-errors",
      MetricName: "Errors",
      Namespace: "AWS/Lambda",
      Period: 300,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      ComparisonOperator: "GreaterThanThreshold",
      Threshold: 0,
      TreatMissingData: "notBreaching",
      AlarmActions: [Match.anyValue()],
    });
  });

  it("knows the state table, the topics, the kill switch and the follow-up queues of scale-ecs and page-oncall", () => {
    const env = reconcileFunction().props.Environment.Variables;
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        "STATE_TABLE_NAME",
        "ALERTS_TOPIC_ARN",
        "ONCALL_TOPIC_ARN",
        "KILL_SWITCH_PARAMETER",
        "SCALE_ECS_FOLLOW_UP_QUEUE_URL",
        "PAGE_ONCALL_FOLLOW_UP_QUEUE_URL",
      ]),
    );
  });

  it("grants exactly its declared permissions, each on the stage's own resources", () => {
    const own = statements().filter((s) => !infrastructureGrant(s));
    const granted = own.flatMap((s) => [s.Action].flat()).sort();
    expect(granted).toEqual(RECONCILE.permissions.flatMap((p) => p.actions).sort());
    expect(resourcesOf("cloudwatch:DescribeAlarms")).toContain(":alarm:hero365-prod-*");
    expect(resourcesOf("application-autoscaling:RegisterScalableTarget")).toContain(":scalable-target/*");
    expect(resourcesOf("application-autoscaling:DescribeScalableTargets")).toBe('["*"]');
    expect(resourcesOf("ecs:DescribeServices")).toContain("service/hero365-cluster/hero365-backend");
    expect(resourcesOf("sqs:SendMessage")).toMatch(
      /scaleecsfollowups.*pageoncallfollowups|pageoncallfollowups.*scaleecsfollowups/i,
    );
    expect(resourcesOf("dynamodb:Query")).toContain("State");
    expect(resourcesOf("dynamodb:Scan")).toBe("[]");
  });
});
