import { describe, expect, it } from "vitest";
import { TIERS } from "../../core/matrix/tiers.js";
import { HIGH_ALARM_MINUTES, LOW_ALARM_MINUTES, TargetTracking, trackingPolicies } from "../../sim/autoscaling.js";
import { DEFAULT_MODEL, percentileOf, serviceSignals } from "../../sim/capacity.js";

const backend = TIERS.growth.services.backend;
const bounds = { min: 3, max: 15, scaleOutSuspended: false, scaleInSuspended: false };
const minute = (n: number) => Date.UTC(2026, 10, 27, 9, n);

describe("capacity model", () => {
  it("turns load into CPU in proportion to the running tasks' capacity", () => {
    const on3 = serviceSignals(DEFAULT_MODEL, backend, 1800, 3, 0.95);
    const on6 = serviceSignals(DEFAULT_MODEL, backend, 1800, 6, 0.95);
    expect(on3.utilization).toBeCloseTo(0.5);
    expect(on3.cpu).toBeCloseTo(51.5);
    expect(on6.cpu).toBeCloseTo(27.25);
    expect(on3.requestsPerTarget).toBe(600);
  });

  it("caps CPU at 100 % and lets latency climb past the response-time threshold near saturation", () => {
    expect(serviceSignals(DEFAULT_MODEL, backend, 1800, 3, 0.95).latency).toBeLessThan(1);
    expect(serviceSignals(DEFAULT_MODEL, backend, 3300, 3, 0.95).latency).toBeGreaterThan(2);
    const overloaded = serviceSignals(DEFAULT_MODEL, backend, 9000, 3, 0.95);
    expect(overloaded.cpu).toBe(100);
    expect(overloaded.latency).toBeCloseTo(25);
  });

  it("reads a higher percentile as a slower response", () => {
    const p95 = serviceSignals(DEFAULT_MODEL, backend, 1800, 3, percentileOf("p95")).latency as number;
    const p99 = serviceSignals(DEFAULT_MODEL, backend, 1800, 3, percentileOf("p99")).latency as number;
    expect(p99 / p95).toBeCloseTo(Math.log(100) / Math.log(20));
  });

  it("reports no CPU and no target answer when no task runs (the load balancer answers all 5xx), and no latency without requests", () => {
    expect(serviceSignals(DEFAULT_MODEL, backend, 600, 0, 0.95)).toMatchObject({
      cpu: undefined,
      errorRate: undefined,
      answered: 0,
      unanswered: 600,
    });
    expect(serviceSignals(DEFAULT_MODEL, backend, 0, 3, 0.95)).toMatchObject({
      latency: undefined,
      errorRate: undefined,
    });
  });

  it("sends what the targets do not answer to the load balancer's 5xx, and only what they answer to the tasks", () => {
    const all = serviceSignals(DEFAULT_MODEL, backend, 1800, 3, 0.95);
    expect(serviceSignals(DEFAULT_MODEL, backend, 1800, 3, 0.95, 100)).toEqual(all);
    expect(all).toMatchObject({ answered: 1800, unanswered: 0, errorRate: 0 });
    const half = serviceSignals(DEFAULT_MODEL, backend, 1800, 3, 0.95, 50);
    expect(half).toMatchObject({ answered: 900, unanswered: 900, errorRate: 0, requestsPerTarget: 300 });
    expect(half.cpu as number).toBeLessThan(all.cpu as number);
    const none = serviceSignals(DEFAULT_MODEL, backend, 1800, 3, 0.95, 0);
    expect(none).toMatchObject({ answered: 0, unanswered: 1800, errorRate: undefined, latency: undefined });
    expect(none.cpu).toBe(DEFAULT_MODEL.idleCpu);
  });

  it("rejects a statistic that is not a percentile", () => {
    expect(() => percentileOf("Average")).toThrow(/not a percentile/);
  });
});

describe("target tracking", () => {
  const policies = trackingPolicies(backend);

  it("uses the tier's CPU target, memory 80 % and 1000 requests per target", () => {
    expect(policies).toEqual([
      { name: "cpu", target: 70 },
      { name: "memory", target: 80 },
      { name: "requests", target: 1000 },
    ]);
  });

  it("scales out after 3 minutes above the target, to ceil(current × metric / target)", () => {
    const tracking = new TargetTracking(policies);
    const hot = { cpu: 91, memory: 50, requests: 600 };
    for (let m = 1; m < HIGH_ALARM_MINUTES; m++) expect(tracking.observe(minute(m), hot, 4, bounds)).toBeUndefined();
    expect(tracking.observe(minute(HIGH_ALARM_MINUTES), hot, 4, bounds)).toMatchObject({
      direction: "out",
      from: 4,
      to: 6,
      policy: "cpu",
    });
  });

  it("waits out the 300 s scale-out cooldown, and never goes above the maximum", () => {
    const tracking = new TargetTracking(policies);
    const hot = { cpu: 100, memory: 50, requests: 3000 };
    let activity: ReturnType<TargetTracking["observe"]>;
    for (let m = 1; m <= 3; m++) activity = tracking.observe(minute(m), hot, 10, bounds);
    expect(activity).toMatchObject({ to: 15, policy: "requests" });
    for (let m = 4; m <= 7; m++) expect(tracking.observe(minute(m), hot, 12, bounds)).toBeUndefined();
    expect(tracking.observe(minute(8), hot, 12, bounds)).toMatchObject({ from: 12, to: 15 });
  });

  it("scales in only when every policy has been 10 % under its target for 15 minutes, and not below the floor", () => {
    const tracking = new TargetTracking(policies);
    const quietButBusyMemory = { cpu: 10, memory: 75, requests: 100 };
    for (let m = 1; m <= 20; m++) expect(tracking.observe(minute(m), quietButBusyMemory, 10, bounds)).toBeUndefined();
    const quiet = { cpu: 10, memory: 40, requests: 100 };
    const later = new TargetTracking(policies);
    for (let m = 1; m < LOW_ALARM_MINUTES; m++) expect(later.observe(minute(m), quiet, 10, bounds)).toBeUndefined();
    expect(later.observe(minute(LOW_ALARM_MINUTES), quiet, 10, { ...bounds, min: 6 })).toMatchObject({
      direction: "in",
      from: 10,
      to: 6,
    });
  });

  it("respects a suspended scale-out", () => {
    const tracking = new TargetTracking(policies);
    const hot = { cpu: 100, memory: 50, requests: 600 };
    for (let m = 1; m <= 5; m++) {
      expect(tracking.observe(minute(m), hot, 4, { ...bounds, scaleOutSuspended: true })).toBeUndefined();
    }
  });
});
