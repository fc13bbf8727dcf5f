import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { alarmName } from "../../core/alarms/name.js";
import { stageConfig } from "../../core/config/index.js";
import { isServiceTarget, ROWS, targetsOf } from "../../core/matrix/rows.js";
import { DEAD_LETTERS_ARN } from "../support/dead-letters.js";
import { synthTemplates } from "../support/synth.js";

const STAGE = "prod";
const config = stageConfig(STAGE);
let alarms: Template;
let reactions: Template;
let core: Template;

beforeAll(async () => {
  const synth = await synthTemplates(STAGE);
  alarms = synth.template("Alarms");
  reactions = synth.template("Reactions");
  core = synth.template("Core");
}, 120_000);

function alarmProps(name: string): Record<string, any> {
  const found = Object.values(alarms.findResources("AWS::CloudWatch::Alarm", { Properties: { AlarmName: name } }));
  expect(found, `alarm ${name}`).toHaveLength(1);
  return (found[0] as { Properties: Record<string, any> }).Properties;
}

describe("Alarms stack: one alarm per matrix row and target", () => {
  it("creates 6 × 2 ECS/target-group alarms, 1 load-balancer alarm and 2 Supabase alarms", () => {
    alarms.resourceCountIs("AWS::CloudWatch::Alarm", 15);
  });

  for (const row of ROWS) {
    for (const target of targetsOf(row)) {
      const name = alarmName(STAGE, row.id, target);
      it(`${name}: metric, threshold, comparison, period, evaluation periods`, () => {
        const props = alarmProps(name);
        expect(props).toMatchObject({
          Threshold: row.threshold,
          ComparisonOperator: "GreaterThanThreshold",
          EvaluationPeriods: row.evaluationPeriods,
          DatapointsToAlarm: row.evaluationPeriods,
          TreatMissingData: row.treatMissingData,
        });
        expect(props.AlarmDescription).toContain(row.reaction);
        if (row.signal.kind === "metric") {
          const { metric } = row.signal;
          expect(props.Namespace).toBe(metric.namespace);
          expect(props.MetricName).toBe(metric.metricName);
          expect(props.Period).toBe(row.periodSeconds);
          if (metric.statistic.startsWith("p")) expect(props.ExtendedStatistic).toBe(config.responseTimeStatistic);
          else expect(props.Statistic).toBe(metric.statistic);
          const dims = Object.fromEntries(
            (props.Dimensions as { Name: string; Value: string }[]).map((d) => [d.Name, d.Value]),
          );
          if (target === "supabase") expect(dims).toEqual({ ProjectRef: config.supabase.projectRef });
          else if (!isServiceTarget(target)) throw new Error(`no single-metric row is about ${target}`);
          else if (metric.namespace === "AWS/ECS") {
            expect(dims).toEqual({
              ClusterName: config.ecs.clusterName,
              ServiceName: config.ecs.services[target].serviceName,
            });
          } else {
            expect(dims).toEqual({
              LoadBalancer: config.ecs.services[target].loadBalancerFullName,
              TargetGroup: config.ecs.services[target].targetGroupFullName,
            });
          }
        } else {
          const metrics = props.Metrics as Record<string, any>[];
          const expression = metrics.find((m) => m.Expression);
          expect(expression).toMatchObject({ Expression: row.signal.expression, ReturnData: true });
          const stats = metrics.filter((m) => m.MetricStat);
          expect(
            stats.map((m) => [m.Id, m.MetricStat.Metric.MetricName, m.MetricStat.Stat, m.MetricStat.Period]),
          ).toEqual(
            Object.entries(row.signal.metrics).map(([id, m]) => [id, m.metricName, m.statistic, row.periodSeconds]),
          );
        }
      });
    }
  }
});

describe("Reactions stack: the notify reaction", () => {
  it("routes ALARM and OK of the monitoring rows' alarms on the default bus to notify", () => {
    reactions.hasResourceProperties("AWS::Events::Rule", {
      EventBusName: "default",
      EventPattern: {
        source: ["aws.cloudwatch"],
        "detail-type": ["CloudWatch Alarm State Change"],
        detail: {
          alarmName: [{ prefix: "hero365-prod-cpu-critical-" }, { prefix: "hero365-prod-memory-critical-" }],
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
  });

  it("sends the function's own failures to the same dead-letter queue after two async retries", () => {
    reactions.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: DEAD_LETTERS_ARN } },
    });
  });

  it("has no dead-letter queue of its own: the stage's one in Core, with its alarm, serves it", () => {
    reactions.resourceCountIs("AWS::SQS::Queue", 0);
    reactions.resourcePropertiesCountIs(
      "AWS::CloudWatch::Alarm",
      { MetricName: "ApproximateNumberOfMessagesVisible" },
      0,
    );
  });

  it("runs on nodejs22.x and arm64 after bundling, with explicit memory and timeout", () => {
    reactions.hasResourceProperties("AWS::Lambda::Function", {
      Handler: "functions/notify.handler",
      Runtime: "nodejs22.x",
      Architectures: ["arm64"],
      MemorySize: 512,
      Timeout: 30,
    });
  });

  it("may publish to the alerts topic only, and use the state table only", () => {
    const policies = Object.values(reactions.findResources("AWS::IAM::Policy")) as any[];
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    const publish = statements.filter((s) => [s.Action].flat().includes("sns:Publish"));
    expect(publish).toHaveLength(1);
    expect(JSON.stringify(publish[0].Resource)).toContain("AlertsTopic");
    for (const s of statements) {
      if ([s.Action].flat().some((a: string) => a.startsWith("xray:"))) continue;
      expect(s.Resource, JSON.stringify(s.Action)).not.toBe("*");
    }
  });
});

describe("Core stack", () => {
  it("has the state table with pk/sk and a TTL", () => {
    core.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
      BillingMode: "PAY_PER_REQUEST",
    });
  });

  it("has the alerts and on-call topics", () => {
    core.resourceCountIs("AWS::SNS::Topic", 2);
  });
});
