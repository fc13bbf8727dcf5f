import { describe, expect, it } from "vitest";
import { ASSUMPTIONS, monthlyCost, workloadOf } from "../../core/cost/model.js";
import { PRICES } from "../../core/cost/prices.js";

const alarms = { matrix: 14, matrixMetrics: 18, pipeline: 13, pipelineMetrics: 13 };
const customMetrics = { always: 3, nearAlarm: 2 };

describe("the pipeline's monthly cost model", () => {
  it("costs Lambda requests from every invocation the month has", () => {
    const cost = monthlyCost({
      tier: "startup",
      workload: { invoices: 1_000, episodes: 0, followUpsPerEpisode: 0 },
      alarms,
      customMetrics,
    });
    // worker 1,000 + ingest 3 × 1,000 + collector 43,200 (every minute) + sweep 2,880 (every 15 min)
    // + reconciler 8,640 (every 5 min)
    const requests = 1_000 + 3_000 + 43_200 + 2_880 + 8_640;
    expect(cost.lines.find((l) => l.what === `${requests} requests`)?.usd).toBeCloseTo(
      (requests / 1e6) * PRICES.lambda.perMillionRequests,
      4,
    );
  });

  it("prices the reconciler: a run every 5 minutes, one DescribeAlarms each, its reads and audit write", () => {
    const quiet = { invoices: 0, episodes: 0, followUpsPerEpisode: 0 };
    const cost = monthlyCost({ tier: "startup", workload: quiet, alarms, customMetrics });
    const runs = 43_200 / 5;

    const describe = cost.lines.find((l) => l.what.includes("DescribeAlarms"));
    expect(describe?.what).toBe(`${runs} DescribeAlarms (the reconciler, every 5 min)`);
    expect(describe?.usd).toBeCloseTo((runs / 1000) * PRICES.cloudWatch.perThousandApiRequests, 4);
    // 13 reconciled alarms (6 ECS rows × 2 services, the load balancer's error rate) and 2 floors: 15 reads a
    // run, 1 audit write.
    expect(ASSUMPTIONS.reconcileRun).toEqual({ describeAlarms: 1, reads: 15, writes: 1 });
    const dynamo = cost.lines.find((l) => l.service === "DynamoDB");
    const collector = 43_200;
    expect(dynamo?.usd).toBeCloseTo(
      ((collector + runs) / 1e6) * PRICES.dynamoDb.perMillionWrites +
        ((collector + runs * 15) / 1e6) * PRICES.dynamoDb.perMillionReads,
      4,
    );
  });

  it("adds up its lines, and keeps the matrix's alarms apart", () => {
    const cost = monthlyCost({ tier: "growth", workload: workloadOf("growth"), alarms, customMetrics });
    const sum = cost.lines.reduce((s, l) => s + l.usd, 0);
    expect(cost.pipelineTotal).toBeCloseTo(sum, 1);
    expect(cost.matrixAlarms).toBeCloseTo(18 * PRICES.cloudWatch.alarmMetricMonth, 4);
    expect(cost.withMatrixAlarms).toBeCloseTo(cost.pipelineTotal + cost.matrixAlarms, 1);
  });

  it("derives the workload from the tier, Enterprise at the stated user count", () => {
    expect(workloadOf("growth").invoices).toBe(10_000 * ASSUMPTIONS.invoicesPerUserMonth);
    expect(workloadOf("enterprise").invoices).toBe(ASSUMPTIONS.enterpriseUsers * ASSUMPTIONS.invoicesPerUserMonth);
  });

  it("is dominated at Enterprise by the pipeline's own alarms, custom metrics and S3", () => {
    const cost = monthlyCost({ tier: "enterprise", workload: workloadOf("enterprise"), alarms, customMetrics });
    expect(cost.dominant.map((l) => l.service)).toEqual(["CloudWatch", "CloudWatch", "S3"]);
    expect(cost.pipelineTotal).toBeGreaterThan(3);
    expect(cost.pipelineTotal).toBeLessThan(5);
  });

  it("prices metrics an alarm watches for the whole month, those sent near the alarm by the hours sent", () => {
    const cost = monthlyCost({ tier: "startup", workload: workloadOf("startup"), alarms, customMetrics });
    const metricLines = cost.lines.filter((l) => l.what.includes("custom metrics"));
    expect(metricLines).toHaveLength(2);
    expect(metricLines[0]?.usd).toBeCloseTo(3 * PRICES.cloudWatch.customMetricMonth, 4);
    expect(metricLines[1]?.usd).toBeCloseTo(
      2 * ASSUMPTIONS.nearAlarmHoursShare * PRICES.cloudWatch.customMetricMonth,
      4,
    );
  });

  it("counts the collector's metrics from its publishing roles: 3 an alarm watches, 2 near the alarm", async () => {
    const { customMetricCount } = await import("../../scripts/lib/cost-inputs.js");
    expect(customMetricCount()).toEqual({ always: 3, nearAlarm: 2 });
  });
});
