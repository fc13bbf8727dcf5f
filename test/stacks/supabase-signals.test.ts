import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { alarmName } from "../../core/alarms/name.js";
import { stageConfig } from "../../core/config/index.js";
import { SUPABASE_METRICS } from "../../core/supabase/metrics.js";
import { DEAD_LETTERS_ARN } from "../support/dead-letters.js";
import { synthTemplates } from "../support/synth.js";

const STAGE = "prod";
const config = stageConfig(STAGE);
let signals: Template;
let alarms: Template;

beforeAll(async () => {
  const synth = await synthTemplates(STAGE);
  signals = synth.template("SupabaseSignals");
  alarms = synth.template("Alarms");
}, 120_000);

function fn(handler: string): { id: string; props: Record<string, any> } {
  const found = Object.entries(
    signals.findResources("AWS::Lambda::Function", { Properties: { Handler: `functions/${handler}.handler` } }),
  );
  expect(found, handler).toHaveLength(1);
  const [id, resource] = found[0] as [string, { Properties: Record<string, any> }];
  return { id, props: resource.Properties };
}

function statementsOf(functionId: string): any[] {
  const policies = Object.values(signals.findResources("AWS::IAM::Policy")) as any[];
  return policies
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(functionId.replace(/[0-9A-F]{8}$/, "")))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

function secretsOf(props: Record<string, any>): string[] {
  return Object.keys(props.Environment.Variables)
    .filter((k) => k.startsWith("SST_Secret_value_"))
    .map((k) => k.replace("SST_Secret_value_", ""));
}

describe("SupabaseSignals stack: the collector", () => {
  it("runs supabase-metrics every minute, without retries, failing into the dead-letter queue", () => {
    const collector = fn("supabase-metrics");
    signals.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(1 minute)",
      Targets: [
        Match.objectLike({
          Arn: { "Fn::GetAtt": [collector.id, "Arn"] },
          RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
          DeadLetterConfig: { Arn: DEAD_LETTERS_ARN },
        }),
      ],
    });
    signals.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: { Ref: collector.id },
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: DEAD_LETTERS_ARN } },
    });
    expect(collector.props).toMatchObject({ Runtime: "nodejs22.x", Architectures: ["arm64"], Timeout: 20 });
  });

  it("binds only the secret of the stage's metrics source (prod: the Prometheus endpoint's service-role key)", () => {
    expect(config.supabase.metricsSource).toBe("prometheus");
    expect(secretsOf(fn("supabase-metrics").props)).toEqual(["SUPABASE_SERVICE_ROLE_KEY"]);
  });

  it("may read and write the state table's items, read its secret, and nothing else", () => {
    const statements = statementsOf(fn("supabase-metrics").id);
    const actions = statements.flatMap((s) => [s.Action].flat()).sort();
    expect(actions).toEqual(
      [
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
        "sqs:SendMessage",
        "ssm:GetParameters",
        "xray:PutTelemetryRecords",
        "xray:PutTraceSegments",
      ].sort(),
    );
  });

  it("alarms when the collector fails or stops: 3 of 5 minutes, missing data breaching", () => {
    signals.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "hero365-prod-supabase-metrics-collector",
      Namespace: "Hero365/Supabase",
      MetricName: SUPABASE_METRICS.collectorErrors,
      Dimensions: [{ Name: "ProjectRef", Value: config.supabase.projectRef }],
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
      TreatMissingData: "breaching",
      AlarmActions: [Match.anyValue()],
      OKActions: [Match.anyValue()],
    });
  });
});

describe("the Supabase rows' alarms read what the collector publishes", () => {
  it.each([
    ["db-connections-high", SUPABASE_METRICS.connectionUtilization, 60, 2],
    ["bandwidth-high", SUPABASE_METRICS.egressUtilization, 86_400, 1],
  ] as const)("%s alarms on Hero365/Supabase %s by ProjectRef", (row, metric, period, evaluations) => {
    alarms.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: alarmName(STAGE, row, "supabase"),
      Namespace: "Hero365/Supabase",
      MetricName: metric,
      Dimensions: [{ Name: "ProjectRef", Value: config.supabase.projectRef }],
      Statistic: "Maximum",
      Threshold: 80,
      Period: period,
      EvaluationPeriods: evaluations,
      TreatMissingData: "missing",
    });
  });
});

describe("SupabaseSignals stack: the reactions", () => {
  it.each([
    // Every alarm reaction notifies through the stage's Slack mode (bot here), and binds nothing the stage
    // does not use: no webhook URL, no PagerDuty key (only page-oncall pages).
    ["plan-upgrade-ticket", "db-connections-high", ["GITHUB_TOKEN", "SLACK_BOT_TOKEN"]],
    ["optimize-query-alert", "bandwidth-high", ["SLACK_BOT_TOKEN", "SUPABASE_DB_URL"]],
  ])("routes %s from the %s alarm, with retries and the dead-letter queue, and binds %j", (name, row, secrets) => {
    const reaction = fn(name);
    signals.hasResourceProperties("AWS::Events::Rule", {
      EventBusName: "default",
      EventPattern: {
        source: ["aws.cloudwatch"],
        "detail-type": ["CloudWatch Alarm State Change"],
        detail: { alarmName: [{ prefix: `hero365-prod-${row}-` }], state: { value: ["ALARM", "OK"] } },
      },
      Targets: [
        Match.objectLike({
          Arn: { "Fn::GetAtt": [reaction.id, "Arn"] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: DEAD_LETTERS_ARN },
        }),
      ],
    });
    signals.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: { Ref: reaction.id },
      DestinationConfig: { OnFailure: { Destination: DEAD_LETTERS_ARN } },
    });
    expect([...secretsOf(reaction.props)].sort()).toEqual(secrets);
  });

  it("grants GetMetricData on * (it has no resource-level permissions) and no other wildcard", () => {
    const statements = [...statementsOf(fn("plan-upgrade-ticket").id), ...statementsOf(fn("optimize-query-alert").id)];
    const wildcard = statements.filter((s) => s.Resource === "*").flatMap((s) => [s.Action].flat());
    expect(wildcard.sort()).toEqual(
      [
        "cloudwatch:GetMetricData",
        "xray:PutTelemetryRecords",
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:PutTraceSegments",
      ].sort(),
    );
    expect(statementsOf(fn("optimize-query-alert").id).flatMap((s) => [s.Action].flat())).not.toContain(
      "cloudwatch:GetMetricData",
    );
  });

  it.each([
    ["plan-upgrade-ticket", "db-connections-high"],
    ["optimize-query-alert", "bandwidth-high"],
  ])("lets %s read the state of the %s alarms only, for the freshness check", (name, row) => {
    const reads = statementsOf(fn(name).id).filter((s) => [s.Action].flat().includes("cloudwatch:DescribeAlarms"));
    expect(reads).toHaveLength(1);
    expect([reads[0].Action].flat()).toEqual(["cloudwatch:DescribeAlarms"]);
    const resources = [reads[0].Resource].flat().map((r) => JSON.stringify(r));
    expect(resources).toHaveLength(1);
    expect(resources[0]).toContain(":cloudwatch:");
    expect(resources[0]).toContain(`:alarm:hero365-prod-${row}-*`);
  });

  it("lets only the optimize-query alert publish, and only to the alerts topic", () => {
    const publishOf = (name: string) =>
      statementsOf(fn(name).id).filter((s) => [s.Action].flat().includes("sns:Publish"));
    expect(publishOf("plan-upgrade-ticket")).toEqual([]);
    const [publish] = publishOf("optimize-query-alert");
    expect(JSON.stringify(publish.Resource)).toContain("AlertsTopic");
  });
});
