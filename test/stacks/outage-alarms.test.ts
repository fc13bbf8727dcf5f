import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { alarmName, parseAlarmName } from "../../core/alarms/name.js";
import { stageConfig } from "../../core/config/index.js";
import { ROWS, targetsOf } from "../../core/matrix/rows.js";
import { SERVICES } from "../../core/matrix/tiers.js";
import { synthTemplates } from "../support/synth.js";

const STAGE = "prod";
const config = stageConfig(STAGE);
const LOAD_BALANCER = "app/hero365-alb/50dc6c495c0c9188";
let alarms: Template;
let paging: Template;

beforeAll(async () => {
  const synth = await synthTemplates(STAGE);
  alarms = synth.template("Alarms");
  paging = synth.template("Paging");
}, 120_000);

type MetricQuery = {
  Id: string;
  Expression?: string;
  ReturnData?: boolean;
  MetricStat?: {
    Metric: { MetricName: string; Dimensions: { Name: string; Value: string }[] };
    Stat: string;
    Period: number;
  };
};

function alarm(name: string): Record<string, any> {
  const found = Object.values(alarms.findResources("AWS::CloudWatch::Alarm", { Properties: { AlarmName: name } }));
  expect(found, `alarm ${name}`).toHaveLength(1);
  return (found[0] as { Properties: Record<string, any> }).Properties;
}

/** The alarm's metrics as `id: MetricName(Stat, period) {dimensions}`, and its expression. */
function metricsOf(props: Record<string, any>) {
  const queries = props.Metrics as MetricQuery[];
  return {
    expression: queries.find((q) => q.Expression)?.Expression,
    metrics: Object.fromEntries(
      queries
        .filter((q) => q.MetricStat)
        .map((q) => {
          const stat = q.MetricStat as NonNullable<MetricQuery["MetricStat"]>;
          const dims = Object.fromEntries(stat.Metric.Dimensions.map((d) => [d.Name, d.Value]));
          return [q.Id, { metric: stat.Metric.MetricName, stat: stat.Stat, period: stat.Period, dims }];
        }),
    ),
  };
}

describe("Alarms stack: a total outage and load-balancer errors page once", () => {
  it("has one load-balancer alarm for the stage: 100 × ELB 5XX / (requests + ELB 5XX) > 1 % for 1 × 1 min", () => {
    const props = alarm("hero365-prod-lb-error-rate-high-alb");
    expect(props).toMatchObject({
      Threshold: 1,
      ComparisonOperator: "GreaterThanThreshold",
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: "notBreaching",
    });
    expect(props.AlarmActions).toBeUndefined();
    expect(props.AlarmDescription).toMatch(/pages on-call.*Missing data: notBreaching, because no datapoint means/);
    expect(metricsOf(props)).toEqual({
      expression: "100 * FILL(elb5xx, 0) / (FILL(requests, 0) + FILL(elb5xx, 0))",
      metrics: {
        elb5xx: { metric: "HTTPCode_ELB_5XX_Count", stat: "Sum", period: 60, dims: { LoadBalancer: LOAD_BALANCER } },
        requests: { metric: "RequestCount", stat: "Sum", period: 60, dims: { LoadBalancer: LOAD_BALANCER } },
      },
    });
  });

  for (const service of SERVICES) {
    it(`error-rate-high-${service} reads only its targets' answers: no ELB 5XX, so one load-balancer fault is not paged per service`, () => {
      const props = alarm(alarmName(STAGE, "error-rate-high", service));
      expect(props).toMatchObject({ Threshold: 1, EvaluationPeriods: 1, TreatMissingData: "notBreaching" });
      const dims = {
        LoadBalancer: config.ecs.services[service].loadBalancerFullName,
        TargetGroup: config.ecs.services[service].targetGroupFullName,
      };
      expect(metricsOf(props)).toEqual({
        expression: "100 * FILL(target5xx, 0) / requests",
        metrics: {
          target5xx: { metric: "HTTPCode_Target_5XX_Count", stat: "Sum", period: 60, dims },
          requests: { metric: "RequestCount", stat: "Sum", period: 60, dims },
        },
      });
    });
  }

  it("counts the load balancer's own 5xx in exactly one matrix alarm", () => {
    const readers = Object.values(alarms.findResources("AWS::CloudWatch::Alarm"))
      .map((r) => (r as { Properties: Record<string, any> }).Properties)
      .filter((p) => JSON.stringify(p.Metrics ?? p.MetricName ?? "").includes("HTTPCode_ELB_5XX_Count"))
      .map((p) => p.AlarmName);
    expect(readers).toEqual(["hero365-prod-lb-error-rate-high-alb"]);
  });

  it("names every matrix alarm so that it parses back to its row and target", () => {
    const names = Object.values(alarms.findResources("AWS::CloudWatch::Alarm")).map(
      (r) => (r as { Properties: { AlarmName: string } }).Properties.AlarmName,
    );
    const expected = ROWS.flatMap((row) => targetsOf(row).map((target) => ({ stage: STAGE, row: row.id, target })));
    expect(names.map((name) => parseAlarmName(name))).toEqual(expect.arrayContaining(expected));
    expect(names).toHaveLength(expected.length);
  });
});

describe("Paging stack: page-oncall may read the load-balancer alarm too", () => {
  it("may read the state of both rows' alarms, and no other", () => {
    const statements = (Object.values(paging.findResources("AWS::IAM::Policy")) as any[]).flatMap(
      (p) => p.Properties.PolicyDocument.Statement,
    );
    const describe = statements.find((s) => [s.Action].flat().includes("cloudwatch:DescribeAlarms"));
    const resources = JSON.stringify(describe?.Resource);
    expect(resources).toContain("alarm:hero365-prod-error-rate-high-*");
    expect(resources).toContain("alarm:hero365-prod-lb-error-rate-high-*");
    expect(resources).not.toContain('alarm:hero365-prod-*"');
  });
});
