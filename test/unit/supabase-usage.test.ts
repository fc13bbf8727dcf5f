import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readExposition } from "../../core/adapters/http/supabase-prometheus.js";
import { MATRIX, SUPABASE_NAMESPACE } from "../../core/matrix/rows.js";
import { COLLECTOR } from "../../core/supabase/collector-spec.js";
import { COMPUTE, computeSpec, nextComputeForConnections } from "../../core/supabase/compute.js";
import { SupabaseReadError } from "../../core/supabase/errors.js";
import { SUPABASE_METRIC_PUBLISHING, SUPABASE_METRICS, type SupabaseMetricName } from "../../core/supabase/metrics.js";
import { egressQuotaBytes } from "../../core/supabase/plans.js";
import { summariseTrend } from "../../core/supabase/trend.js";
import { advanceEgress, type EgressLedger, usageMetrics } from "../../core/supabase/usage.js";
import { testConfig } from "../support/config.js";

const EXPOSITION = readFileSync(path.resolve(import.meta.dirname, "../fixtures/supabase/metrics.prom"), "utf8");
const NOV = new Date("2026-11-27T18:05:00Z");

describe("egress from counters", () => {
  const ledger = (counters: Record<string, number>, monthToDateBytes = 0, month = "2026-11"): EgressLedger => ({
    month,
    monthToDateBytes,
    counters,
    at: "2026-11-27T18:04:00Z",
  });

  it("sets a baseline on the first scrape: no delta, nothing counted", () => {
    const step = advanceEgress(undefined, { a: 5e9 }, NOV);
    expect(step).toEqual({
      ledger: { month: "2026-11", monthToDateBytes: 0, counters: { a: 5e9 }, at: NOV.toISOString() },
      resets: [],
    });
  });

  it("adds the increase of every series to the month", () => {
    const step = advanceEgress(ledger({ a: 100, b: 1_000 }, 50), { a: 150, b: 1_200 }, NOV);
    expect(step.deltaBytes).toBe(250);
    expect(step.ledger.monthToDateBytes).toBe(300);
  });

  it("counts a counter that went down as reset: its new value, never a negative delta", () => {
    const step = advanceEgress(ledger({ a: 10_000, b: 500 }, 0), { a: 40, b: 600 }, NOV);
    expect(step.deltaBytes).toBe(140);
    expect(step.resets).toEqual(["a"]);
  });

  it("gives a new series no baseline and forgets a vanished one", () => {
    const step = advanceEgress(ledger({ gone: 9, a: 1 }), { a: 2, fresh: 1e9 }, NOV);
    expect(step.deltaBytes).toBe(1);
    expect(Object.keys(step.ledger.counters)).toEqual(["a", "fresh"]);
  });

  it("starts a new month from the bytes since the last scrape", () => {
    const step = advanceEgress(ledger({ a: 100 }, 9e10, "2026-11"), { a: 300 }, new Date("2026-12-01T00:00:30Z"));
    expect(step.ledger).toMatchObject({ month: "2026-12", monthToDateBytes: 200 });
  });

  it("publishes utilisation against the plan's quota (Pro: 250 GB)", () => {
    const quota = egressQuotaBytes(testConfig("prod").supabase);
    expect(quota).toBe(250e9);
    const step = advanceEgress(ledger({ a: 0 }, 200e9), { a: 1e9 }, NOV);
    const data = usageMetrics({ source: "prometheus", connections: { active: 45, max: 60 } }, step, quota);
    expect(Object.fromEntries(data.map((d) => [d.name, d.value]))).toEqual({
      ConnectionUtilization: 75,
      ActiveConnections: 45,
      MaxConnections: 60,
      CollectorErrors: 0,
      EgressBytes: 1e9,
      EgressMonthToDateBytes: 201e9,
      EgressUtilization: 80.4,
    });
    // What an alarm or a decision reads is a metric; egress bytes are log fields only.
    expect(data.filter((d) => d.logOnly).map((d) => d.name)).toEqual(["EgressBytes", "EgressMonthToDateBytes"]);
  });

  it("makes the connection counts metrics from 60 % utilisation, log fields below", () => {
    const logOnly = (active: number) =>
      usageMetrics({ source: "sql", connections: { active, max: 100 } }, undefined, 1)
        .filter((d) => d.logOnly)
        .map((d) => d.name);
    expect(logOnly(59)).toEqual(["ActiveConnections", "MaxConnections"]);
    expect(logOnly(60)).toEqual([]);
    expect(logOnly(100)).toEqual([]);
  });

  it("keeps every metric an alarm of the matrix or the collector watches a metric, always", () => {
    const alarmed = Object.values(MATRIX).flatMap((row) =>
      row.signal.kind === "metric" && row.signal.metric.namespace === SUPABASE_NAMESPACE
        ? [row.signal.metric.metricName]
        : [],
    );
    alarmed.push(COLLECTOR.errorsAlarm.metricName);
    expect(alarmed).toHaveLength(3);
    for (const name of alarmed) expect(SUPABASE_METRIC_PUBLISHING[name as SupabaseMetricName]).toBe("alarm");
  });
});

describe("reading the exposition text", () => {
  it("reads connections and the database's transmit counter from a realistic scrape", () => {
    expect(readExposition(EXPOSITION)).toEqual({
      source: "prometheus",
      connections: { active: 78, max: 90 },
      egressCounters: {
        'db_transmit_bytes{service_type="db",supabase_project_ref="hero365prodprojectrf"}': 201_075_000_000,
      },
    });
  });

  it("falls back to the host's interfaces, without loopback, when db_transmit_bytes is absent", () => {
    const text = EXPOSITION.replace(/^db_transmit_bytes.*$/m, "");
    expect(Object.values(readExposition(text).egressCounters ?? {})).toEqual([2.61118824e11]);
  });

  it("sums backends over every series (one per database on some exporters)", () => {
    const text =
      'pg_stat_database_num_backends{datname="postgres"} 7\npg_stat_database_num_backends{datname="app"} 5\nmax_connections_connection_count 60\n';
    expect(readExposition(text).connections).toEqual({ active: 12, max: 60 });
  });

  it.each([
    ["no backends metric", EXPOSITION.replace(/^pg_stat_database_num_backends\{.*$/m, ""), "missing-metric"],
    ["no max_connections", EXPOSITION.replace(/^max_connections_connection_count\{.*$/m, ""), "missing-metric"],
    ["an HTML page", "<html><body>Sign in</body></html>", "malformed"],
    ["max_connections 0", EXPOSITION.replace(/(max_connections_connection_count\{.*\}) 90/, "$1 0"), "malformed"],
    ["a NaN backend count", EXPOSITION.replace(/(pg_stat_database_num_backends\{.*\}) 78/, "$1 NaN"), "malformed"],
  ])("refuses %s with a named reason", (_what, text, reason) => {
    expect(() => readExposition(text)).toThrow(SupabaseReadError);
    try {
      readExposition(text);
    } catch (error) {
      expect((error as SupabaseReadError).reason).toBe(reason);
    }
  });
});

describe("metrics, compute table and trend", () => {
  it("publishes exactly the metric names and namespace the Supabase rows alarm on", () => {
    for (const row of [MATRIX["db-connections-high"], MATRIX["bandwidth-high"]]) {
      if (row.signal.kind !== "metric") throw new Error("metric rows");
      expect(row.signal.metric.namespace).toBe("Hero365/Supabase");
      expect(row.signal.metric.dimensions).toEqual(["ProjectRef"]);
      expect(Object.values(SUPABASE_METRICS)).toContain(row.signal.metric.metricName);
    }
  });

  it("pins Supabase's connection limits per compute size (DESIGN.md §5)", () => {
    expect(COMPUTE.slice(0, 7).map((c) => [c.label, c.maxConnections, c.poolerMaxClients])).toEqual([
      ["Micro", 60, 200],
      ["Small", 90, 400],
      ["Medium", 120, 600],
      ["Large", 160, 800],
      ["XL", 240, 1000],
      ["2XL", 380, 1500],
      ["4XL", 480, 3000],
    ]);
    for (const c of COMPUTE)
      expect(Math.abs(c.hourlyUsd * 730 - c.monthlyUsdApprox) / c.monthlyUsdApprox).toBeLessThan(0.05);
  });

  it("recommends the next size that adds connections, and none where no size does", () => {
    expect(nextComputeForConnections("small")?.size).toBe("medium");
    expect(nextComputeForConnections("4xl")?.size).toBe("8xl");
    expect(nextComputeForConnections("12xl")).toBeUndefined();
    expect(computeSpec("xl").monthlyUsdApprox - computeSpec("large").monthlyUsdApprox).toBe(100);
  });

  it("summarises a rising hour", () => {
    const points = Array.from({ length: 60 }, (_, i) => ({ at: `t${i}`, value: 60 + i / 2 }));
    expect(summariseTrend(points)).toMatchObject({ min: 60, max: 89.5, last: 89.5, direction: "rising", points: 60 });
    expect(summariseTrend(points)?.sparkline).toHaveLength(30);
    expect(summariseTrend([])).toBeUndefined();
  });
});
