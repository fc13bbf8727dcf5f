import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alarmName } from "../../core/alarms/name.js";
import { type AlarmTarget, MATRIX, type RowId } from "../../core/matrix/rows.js";
import { TIERS } from "../../core/matrix/tiers.js";
import { DEFAULT_MODEL, serviceSignals } from "../../sim/capacity.js";
import { type SignalKey, SimAlarm } from "../../sim/cloudwatch.js";
import { loadBalancerErrorRate } from "../../sim/load-balancer.js";
import type { DeployedAlarm } from "../../sim/local/alarms.js";

const START = new Date("2026-11-27T09:00:00Z");
const SIZES = TIERS.growth.services;

/** The alarm as the stacks deploy it, enough for the simulated CloudWatch to evaluate it. */
function simAlarm(row: RowId, target: AlarmTarget, signal: SignalKey): SimAlarm {
  const r = MATRIX[row];
  const deployed: DeployedAlarm = {
    name: alarmName("prod", row, target),
    description: r.title,
    comparisonOperator: "GreaterThanThreshold",
    threshold: r.threshold,
    periodSeconds: r.periodSeconds,
    evaluationPeriods: r.evaluationPeriods,
    datapointsToAlarm: r.evaluationPeriods,
    treatMissingData: r.treatMissingData,
    statistic: undefined,
    metrics: [],
  };
  return new SimAlarm(r, target, signal, deployed, "us-east-1", START);
}

/** Runs of consecutive `true`: one fault each. */
const runs = (down: readonly boolean[]) => down.filter((d, i) => d && !down[i - 1]).length;

describe("simulated outages against the deployed error-rate alarms", () => {
  it("a total outage of either service pages once per fault through the load balancer, never through the service's own alarm", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("backend" as const, "frontend" as const),
        fc.integer({ min: 100, max: 5000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.array(fc.boolean(), { minLength: 5, maxLength: 90 }),
        (failing, failingRpm, otherRpm, down) => {
          // A fault the load balancer can see: the failing service carries more than 1 % of its requests.
          fc.pre(failingRpm * 99 > otherRpm);
          const other = failing === "backend" ? "frontend" : "backend";
          const lb = simAlarm("lb-error-rate-high", "alb", "lbErrorRate");
          const own = simAlarm("error-rate-high", failing, "errorRate");
          const ids = fc.sample(fc.uuid(), down.length * 2)[Symbol.iterator]();
          const newId = () => ids.next().value as string;
          const fired: string[] = [];
          down.forEach((isDown, m) => {
            const at = new Date(START.getTime() + (m + 1) * 60_000);
            const failed = serviceSignals(DEFAULT_MODEL, SIZES[failing], failingRpm, 3, 0.95, isDown ? 0 : 100);
            const healthy = serviceSignals(DEFAULT_MODEL, SIZES[other], otherRpm, 2, 0.95);
            const minutes = [
              { rpm: failingRpm, ...failed },
              { rpm: otherRpm, ...healthy },
            ];
            for (const [alarm, value] of [
              [lb, loadBalancerErrorRate(minutes)],
              [own, failed.errorRate],
            ] as const) {
              const t = alarm.evaluate(at, [value], newId);
              if (t) fired.push(`${alarm.name} ${t.to.value}`);
            }
          });
          const alarms = fired.filter((f) => f.endsWith(" ALARM"));
          expect(alarms).toEqual(Array(runs(down)).fill("hero365-prod-lb-error-rate-high-alb ALARM"));
          const oks = fired.filter((f) => f.endsWith(" OK"));
          expect(oks).toHaveLength(runs(down) - (down.at(-1) ? 1 : 0));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reads 100 % when nobody answers at all, and no value without requests", () => {
    expect(loadBalancerErrorRate([{ rpm: 900, answered: 0, unanswered: 900 }])).toBe(100);
    expect(loadBalancerErrorRate([{ rpm: 0, answered: 0, unanswered: 0 }])).toBeUndefined();
    expect(
      loadBalancerErrorRate([
        { rpm: 100, answered: 0, unanswered: 100 },
        { rpm: 9900, answered: 9900, unanswered: 0 },
      ]),
    ).toBe(1);
  });
});
