import { describe, expect, it } from "vitest";
import { alarmName, parseAlarmName } from "../../core/alarms/name.js";
import { ConfigurationError } from "../../core/kernel/errors.js";
import { checkRow, MATRIX, ROW_IDS, ROWS, targetsOf } from "../../core/matrix/rows.js";
import { nextTier, TIER_IDS, TIERS } from "../../core/matrix/tiers.js";

describe("the decision matrix pins the seed's numbers", () => {
  it.each([
    // row, namespace, metric, statistic, threshold, period (s), evaluation periods, action
    ["cpu-high", "AWS/ECS", "CPUUtilization", "Average", 70, 60, 5, "scale-out"],
    ["memory-high", "AWS/ECS", "MemoryUtilization", "Average", 80, 60, 5, "scale-out"],
    ["response-time-high", "AWS/ApplicationELB", "TargetResponseTime", "p95", 2, 60, 3, "scale-out"],
    ["db-connections-high", "Hero365/Supabase", "ConnectionUtilization", "Maximum", 80, 60, 2, "plan-upgrade-ticket"],
    ["bandwidth-high", "Hero365/Supabase", "EgressUtilization", "Maximum", 80, 86_400, 1, "optimize-query-alert"],
    ["cpu-critical", "AWS/ECS", "CPUUtilization", "Average", 80, 300, 2, "notify"],
    ["memory-critical", "AWS/ECS", "MemoryUtilization", "Average", 85, 300, 2, "notify"],
  ] as const)("%s: %s %s %s > %d over %d s × %d → %s", (id, ns, metric, stat, threshold, period, evals, action) => {
    const row = MATRIX[id];
    expect(row.signal.kind).toBe("metric");
    if (row.signal.kind !== "metric") return;
    expect(row.signal.metric).toMatchObject({ namespace: ns, metricName: metric, statistic: stat });
    expect(row).toMatchObject({ threshold, periodSeconds: period, evaluationPeriods: evals, action });
  });

  it("error-rate-high is 100 × target 5xx / target requests > 1 % for one minute, paging on-call", () => {
    const row = MATRIX["error-rate-high"];
    expect(row).toMatchObject({
      threshold: 1,
      periodSeconds: 60,
      evaluationPeriods: 1,
      action: "page-oncall",
    });
    expect(row.signal.kind).toBe("math");
    if (row.signal.kind !== "math") return;
    expect(row.signal.expression).toBe("100 * FILL(target5xx, 0) / requests");
    expect(Object.values(row.signal.metrics).map((m) => [m.metricName, m.dimensions])).toEqual([
      ["HTTPCode_Target_5XX_Count", ["LoadBalancer", "TargetGroup"]],
      ["RequestCount", ["LoadBalancer", "TargetGroup"]],
    ]);
  });

  it("lb-error-rate-high is 100 × ELB 5xx / (requests + ELB 5xx) of the load balancer > 1 % for one minute, paging on-call", () => {
    const row = MATRIX["lb-error-rate-high"];
    expect(row).toMatchObject({
      scope: "load-balancer",
      threshold: 1,
      periodSeconds: 60,
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
      action: "page-oncall",
      severity: "critical",
    });
    expect(row.signal.kind).toBe("math");
    if (row.signal.kind !== "math") return;
    expect(row.signal.expression).toBe("100 * FILL(elb5xx, 0) / (FILL(requests, 0) + FILL(elb5xx, 0))");
    expect(Object.values(row.signal.metrics).map((m) => [m.metricName, m.dimensions])).toEqual([
      ["HTTPCode_ELB_5XX_Count", ["LoadBalancer"]],
      ["RequestCount", ["LoadBalancer"]],
    ]);
    expect(targetsOf(row)).toEqual(["alb"]);
  });

  it("reads the load balancer's own 5xx in one row only, so one fault pages once", () => {
    const readers = ROWS.filter(
      (row) =>
        row.signal.kind === "math" &&
        Object.values(row.signal.metrics).some((m) => m.metricName === "HTTPCode_ELB_5XX_Count"),
    );
    expect(readers.flatMap((row) => targetsOf(row).map((t) => `${row.id}-${t}`))).toEqual(["lb-error-rate-high-alb"]);
  });

  it("has the eight rows of the design plus the load balancer's, each with a deliberate missing-data treatment", () => {
    expect(ROWS.map((r) => r.id)).toEqual([...ROW_IDS]);
    expect(ROWS).toHaveLength(9);
    for (const row of ROWS) expect(row.missingDataReason.length).toBeGreaterThan(10);
  });

  it("applies ECS rows to both services, the load-balancer row to the ALB and Supabase rows to the project: 6 × 2 + 1 + 2 alarms", () => {
    expect(ROWS.flatMap((row) => targetsOf(row))).toHaveLength(15);
  });
});

describe("a row names a registered action and gives it only the options its schema accepts", () => {
  const rejected = (row: object) => {
    try {
      checkRow(row as (typeof MATRIX)["cpu-high"]);
    } catch (error) {
      return error;
    }
    throw new Error("the row was accepted");
  };

  it("accepts every row of the matrix as it is", () => {
    for (const row of ROWS) expect(checkRow(row)).toBe(row);
  });

  it("refuses a row naming an unknown action, naming the row and the registered actions", () => {
    const error = rejected({ ...MATRIX["cpu-critical"], action: "reboot" });
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(
      /^matrix row "cpu-critical" names unknown action "reboot"; registered actions: notify, scale-out/,
    );
  });

  it.each([
    ["a negative target", { target: -1, maxFactor: 2, investigate: false }, /target/],
    ["a factor below 1", { target: 70, maxFactor: 0.5, investigate: false }, /maxFactor/],
    ["a target name the tiers do not have", { target: "tierTargetMemory", maxFactor: 2, investigate: false }, /target/],
    ["an unknown option", { target: 70, maxFactor: 2, investigate: false, jitter: true }, /jitter/],
  ])("refuses scale-out options with %s, naming the row", (_, scaleOut, field) => {
    const error = rejected({ ...MATRIX["cpu-high"], scaleOut });
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^matrix row "cpu-high" gives action "scale-out" invalid options/);
    expect((error as Error).message).toMatch(field);
  });

  it("refuses options meant for another action", () => {
    const error = rejected({ ...MATRIX["cpu-critical"], scaleOut: { target: 80, maxFactor: 2, investigate: false } });
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(
      /^matrix row "cpu-critical" gives action "notify" invalid options.*scaleOut/s,
    );
  });

  it("lets a scale-out row leave its step options to the defaults", () => {
    const { scaleOut: _, ...row } = MATRIX["memory-high"];
    expect(checkRow(row)).toBe(row);
  });
});

describe("the tiers pin the seed's configurations and costs", () => {
  it.each([
    ["startup", 512, 1024, 2, 5, 70, 256, 512, 2, 3, 60, 71, 125],
    ["growth", 1024, 2048, 3, 15, 70, 512, 1024, 2, 8, 60, 175, 275],
    ["scale", 2048, 4096, 5, 30, 70, 1024, 2048, 3, 15, 60, 325, 1_199],
    ["enterprise", 4096, 8192, 10, 100, 70, 2048, 4096, 5, 50, 60, 1_399, 4_000],
  ] as const)("%s", (id, bc, bm, bmin, bmax, bt, fc, fm, fmin, fmax, ft, costMin, costMax) => {
    const tier = TIERS[id];
    expect(tier.services.backend).toEqual({
      cpu: bc,
      memory: bm,
      minCapacity: bmin,
      maxCapacity: bmax,
      targetCPU: bt,
    });
    expect(tier.services.frontend).toEqual({
      cpu: fc,
      memory: fm,
      minCapacity: fmin,
      maxCapacity: fmax,
      targetCPU: ft,
    });
    expect(tier.monthlyCost.total).toEqual({ min: costMin, max: costMax });
    expect(tier.monthlyCost.aws.min + tier.monthlyCost.supabase.min).toBe(costMin);
    expect(tier.monthlyCost.aws.max + tier.monthlyCost.supabase.max).toBe(costMax);
  });

  it("orders the tiers and has none above Enterprise", () => {
    expect(TIER_IDS.map((id) => nextTier(id)?.id)).toEqual(["growth", "scale", "enterprise", undefined]);
  });
});

describe("alarm names follow hero365-<stage>-<row>-<target>", () => {
  it("builds and parses every row and target, also for stages with hyphens", () => {
    for (const row of ROWS) {
      for (const target of targetsOf(row)) {
        for (const stage of ["prod", "pr-42"]) {
          const name = alarmName(stage, row.id, target);
          expect(name).toBe(`hero365-${stage}-${row.id}-${target}`);
          expect(parseAlarmName(name)).toEqual({ stage, row: row.id, target });
        }
      }
    }
  });

  it("does not recognise other alarms", () => {
    expect(parseAlarmName("billing-estimated-charges")).toBeUndefined();
    expect(parseAlarmName("hero365-prod-disk-high-backend")).toBeUndefined();
    expect(parseAlarmName("hero365-prod-cpu-high-database")).toBeUndefined();
    expect(parseAlarmName("hero365-prod-cpu-high-alb")).toBeUndefined();
    expect(parseAlarmName("hero365-prod-lb-error-rate-high-backend")).toMatchObject({ stage: "prod-lb" });
  });

  it("reads the load-balancer alarm as its own row, not as error-rate-high of a stage ending in -lb", () => {
    expect(parseAlarmName("hero365-prod-lb-error-rate-high-alb")).toEqual({
      stage: "prod",
      row: "lb-error-rate-high",
      target: "alb",
    });
    expect(parseAlarmName("hero365-qa-lb-lb-error-rate-high-alb")).toEqual({
      stage: "qa-lb",
      row: "lb-error-rate-high",
      target: "alb",
    });
    expect(parseAlarmName("hero365-qa-lb-error-rate-high-frontend")).toEqual({
      stage: "qa-lb",
      row: "error-rate-high",
      target: "frontend",
    });
  });
});
