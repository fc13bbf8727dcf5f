import { describe, expect, it } from "vitest";
import { MATRIX } from "../../core/matrix/rows.js";
import { AlarmStateChangeEventSchema, ReasonDataSchema } from "../../events/index.js";
import { SimAlarm, signalOf } from "../../sim/cloudwatch.js";
import type { DeployedAlarm } from "../../sim/local/alarms.js";
import { seededRandom } from "../../sim/random.js";
import { fixture } from "../support/fixtures.js";

const START = new Date("2026-11-27T03:00:00Z");
const at = (minutes: number) => new Date(START.getTime() + minutes * 60_000);

function deployed(row: keyof typeof MATRIX, overrides: Partial<DeployedAlarm> = {}): DeployedAlarm {
  const r = MATRIX[row];
  return {
    name: `hero365-prod-${row}-backend`,
    description: `${r.title} on backend`,
    comparisonOperator: "GreaterThanThreshold",
    threshold: r.threshold,
    periodSeconds: r.periodSeconds,
    evaluationPeriods: r.evaluationPeriods,
    datapointsToAlarm: r.evaluationPeriods,
    treatMissingData: r.treatMissingData,
    statistic: "Average",
    metrics: [
      {
        id: "m1",
        returnData: true,
        metricStat: {
          metric: {
            namespace: "AWS/ECS",
            name: "CPUUtilization",
            dimensions: { ClusterName: "hero365-cluster", ServiceName: "hero365-backend" },
          },
          period: r.periodSeconds,
          stat: "Average",
        },
      },
    ],
    ...overrides,
  };
}

function cpuHigh(overrides: Partial<DeployedAlarm> = {}) {
  return new SimAlarm(MATRIX["cpu-high"], "backend", "cpu", deployed("cpu-high", overrides), "us-east-1", START);
}

/** The structure of a value: keys and value types, arrays by their first element. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shape(value[0])] : [];
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, shape(v)]),
    );
  }
  return typeof value;
}

describe("simulated CloudWatch alarm", () => {
  it("goes to ALARM on the fifth breaching minute in a row, not before", () => {
    const alarm = cpuHigh();
    const ids = seededRandom(1);
    for (let m = 1; m <= 4; m++) expect(alarm.evaluate(at(m), [75 + m], ids.uuid)).toBeUndefined();
    const fired = alarm.evaluate(at(5), [84.2], ids.uuid);
    expect(fired?.to.value).toBe("ALARM");
    expect(alarm.current().value).toBe("ALARM");
  });

  it("returns to OK on the first minute under the threshold", () => {
    const alarm = cpuHigh();
    const ids = seededRandom(1);
    for (let m = 1; m <= 5; m++) alarm.evaluate(at(m), [90], ids.uuid);
    expect(alarm.evaluate(at(6), [90], ids.uuid)).toBeUndefined();
    const back = alarm.evaluate(at(7), [61.7], ids.uuid);
    expect(back).toMatchObject({ from: { value: "ALARM" }, to: { value: "OK" } });
    expect(back?.to.reason).toMatch(
      /^Threshold Crossed: 1 out of the last 5 datapoints \[61\.7 \(27\/11\/26 03:06:00\)\] was not greater than the threshold \(70\.0\)/,
    );
  });

  it("emits events shaped exactly like the CloudWatch samples, datapoints oldest first", () => {
    const alarm = cpuHigh();
    const values = [76.4, 79.1, 81.0, 83.5, 84.2];
    let event: unknown;
    values.forEach((v, i) => {
      event = alarm.evaluate(at(i + 11), [v], seededRandom(2).uuid)?.event ?? event;
    });
    const sample = fixture("cloudwatch/cpu-high.alarm");
    expect(AlarmStateChangeEventSchema.parse(event)).toBeTruthy();
    expect(shape(event)).toEqual(shape(sample));
    const state = (event as { detail: { state: { reasonData: string; timestamp: string } } }).detail.state;
    const reason = JSON.parse(state.reasonData);
    const sampleReason = JSON.parse((sample as any).detail.state.reasonData);
    expect(shape(reason)).toEqual(shape(sampleReason));
    expect(ReasonDataSchema.parse(reason).recentDatapoints).toEqual(values);
    expect(reason.evaluatedDatapoints[0]).toMatchObject({ timestamp: "2026-11-27T03:14:00.000+0000", value: 84.2 });
    expect(state.timestamp).toMatch(/^2026-11-27T03:15:21\.310\+0000$/);
  });

  it("treats missing data as the alarm says: notBreaching resolves, missing goes to INSUFFICIENT_DATA", () => {
    const ids = seededRandom(3);
    const notBreaching = cpuHigh();
    for (let m = 1; m <= 5; m++) notBreaching.evaluate(at(m), [95], ids.uuid);
    expect(notBreaching.evaluate(at(6), [], ids.uuid)?.to.value).toBe("OK");

    const missing = cpuHigh({ treatMissingData: "missing" });
    for (let m = 1; m <= 5; m++) missing.evaluate(at(m), [95], ids.uuid);
    for (let m = 6; m <= 9; m++) expect(missing.evaluate(at(m), [], ids.uuid)).toBeUndefined();
    expect(missing.evaluate(at(10), [], ids.uuid)?.to.value).toBe("INSUFFICIENT_DATA");
  });

  it("averages the minutes of a 5-minute period and evaluates on the clock's 5-minute boundaries", () => {
    const critical = new SimAlarm(
      MATRIX["cpu-critical"],
      "backend",
      "cpu",
      deployed("cpu-critical"),
      "us-east-1",
      START,
    );
    expect(critical.periodEndsAt(at(5))).toBe(true);
    expect(critical.periodEndsAt(at(7))).toBe(false);
    const ids = seededRandom(4);
    // 86 (the average of 70 and four 90s), then 79: not two breaching periods in a row.
    expect(critical.evaluate(at(5), [70, 90, 90, 90, 90], ids.uuid)).toBeUndefined();
    expect(critical.latest()).toBe(86);
    expect(critical.evaluate(at(10), [79, 79, 79, 79, 79], ids.uuid)).toBeUndefined();
    expect(critical.evaluate(at(15), [81, 81, 81, 81, 81], ids.uuid)).toBeUndefined();
    expect(critical.evaluate(at(20), [81, 82, 83, 84, 85], ids.uuid)?.to.value).toBe("ALARM");
    expect(critical.breachingMinutes).toBe(15);
  });
});

describe("which simulated signal a row's alarm reads", () => {
  it("reads the targets' error rate for error-rate-high and the load balancer's for lb-error-rate-high", () => {
    expect(signalOf(MATRIX["error-rate-high"])).toBe("errorRate");
    expect(signalOf(MATRIX["lb-error-rate-high"])).toBe("lbErrorRate");
    expect(signalOf(MATRIX["cpu-high"])).toBe("cpu");
  });
});
