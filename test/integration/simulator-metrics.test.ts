import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, describe, expect, it } from "vitest";
import { stageConfig } from "../../core/config/index.js";
import { deployedFor, runScenario } from "../../sim/index.js";
import { metricQueries, scenarioFromMetrics } from "../../sim/metrics-history.js";
import { fetchMetricExport } from "../../sim/metrics-live.js";
import { runScript } from "../support/cli.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const EXAMPLE = path.join(ROOT, "events/metrics/prod-3-days.json");
const config = stageConfig("prod");
const example = async () => JSON.parse(await readFile(EXAMPLE, "utf8"));

beforeAll(async () => {
  await deployedFor("prod");
}, 120_000);

describe("simulator: replaying CloudWatch history", () => {
  it("builds the trace from the example export: five-minute requests as load, 5xx as the error rate", async () => {
    const scenario = scenarioFromMetrics(await example(), { stage: "prod", config, name: "example" });
    expect(scenario.start).toBe("2026-11-23T00:00:00.000Z");
    expect(scenario.minutes).toBe(3 * 1440);
    const backend = scenario.services.backend;
    expect(backend?.phases).toHaveLength(3 * 288);
    expect(backend?.phases.every((p) => p.minutes === 5)).toBe(true);
    // The export's CPU and running tasks fit the model's requests per vCPU-minute (the example's own: 1000).
    expect(backend?.model.rpmPerVcpu).toBeGreaterThan(900);
    expect(backend?.model.rpmPerVcpu).toBeLessThan(1100);
    const burst = backend?.phases.filter((p) => typeof p.errorRate === "number" && p.errorRate > 1) ?? [];
    expect(burst).toHaveLength(4);
    expect(scenario.supabase?.phases).toHaveLength(3 * 288);
    expect(scenario.noise).toBe(0);
  });

  it("the bundled query file for the aws CLI is the prod stage's queries, so it cannot drift", async () => {
    const file = JSON.parse(await readFile(path.join(ROOT, "events/metrics/queries.prod.json"), "utf8"));
    expect(file).toEqual(metricQueries(config, 60));
  });

  it.each([
    ["not an export", { Items: [] }, /is not a GetMetricData export: MetricDataResults/],
    [
      "an unknown query id",
      { MetricDataResults: [{ Id: "backend_rps", Timestamps: [], Values: [] }] },
      /unknown query id "backend_rps"/,
    ],
    [
      "timestamps and values that do not pair",
      { MetricDataResults: [{ Id: "backend_requests", Timestamps: ["2026-11-23T00:00:00Z"], Values: [] }] },
      /"backend_requests" has 1 timestamps and 0 values/,
    ],
    [
      "two-minute periods",
      {
        MetricDataResults: [
          { Id: "backend_requests", Timestamps: ["2026-11-23T00:00:00Z", "2026-11-23T00:02:00Z"], Values: [1, 2] },
        ],
      },
      /periods of 120 s; export one-minute \(60\) or five-minute \(300\) periods/,
    ],
  ])("rejects %s, saying what is wrong", (_what, json, message) => {
    expect(() => scenarioFromMetrics(json, { stage: "prod", config, name: "x.json" })).toThrow(message);
  });

  it("runs the example end to end: the marketing push and the 5xx burst page, every strategy is compared", async () => {
    const r = await runScenario(scenarioFromMetrics(await example(), { stage: "prod", config, name: "example" }));
    expect(r.records.transitions.filter((t) => t.row === "error-rate-high").map((t) => t.to)).toEqual(["ALARM", "OK"]);
    expect(r.strategies["static-max"].taskHours).toBeCloseTo(3 * 24 * (15 + 8), 5);
    expect(r.strategies.pipeline.errorMinutes).toBe(20);
    expect(r.records.failures).toEqual([]);
  }, 180_000);

  it("npm start -- --from-metrics <file> runs and reports; a bad combination is a usage error", async () => {
    const ok = await runScript("start.ts", [
      "--from-metrics",
      EXAMPLE,
      "--out",
      await mkdtemp(path.join(tmpdir(), "hero365-metrics-")),
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /^Simulating "CloudWatch history: .*prod-3-days\.json": 4320 min from 2026-11-23T00:00:00\.000Z/,
    );
    expect(ok.stdout).toMatch(/\nstrategies on the same trace/);
    for (const [args, message] of [
      [["--from-metrics", EXAMPLE, "x.json"], /unexpected argument "x\.json"/],
      [
        ["--from-metrics", "--live", "x.json", "--stage", "prod", "--since", "7d"],
        /--live fetches the history: give no export file/,
      ],
      [["--from-metrics", "--live", "--stage", "prod"], /--live needs --since, e\.g\. --since 7d/],
      [["--from-metrics", "--live", "--since", "7d"], /--live needs --stage/],
      [["--from-metrics", "--live", "--stage", "prod", "--since", "a week"], /--since "a week" is not a duration/],
      [["--since", "7d"], /--since goes with --from-metrics/],
    ] as const) {
      const run = await runScript("start.ts", [...args]);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  }, 180_000);
});

describe("simulator: --live fetches the history with GetMetricData", () => {
  it("asks for the stage's queries at one-minute periods over the last 7 days, pages through, and replays", async () => {
    const cloudWatch = mockClient(CloudWatchClient);
    const now = new Date("2026-11-30T12:00:30Z");
    const at = (minute: number) => new Date(Date.parse("2026-11-30T10:00:00Z") + minute * 60_000);
    cloudWatch
      .on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          { Id: "backend_requests", Timestamps: [at(0), at(1)], Values: [3000, 3100], StatusCode: "PartialData" },
          { Id: "supabase_connections", Timestamps: [at(0), at(1)], Values: [50, 51], StatusCode: "Complete" },
        ],
        NextToken: "page-2",
      })
      .resolvesOnce({
        MetricDataResults: [
          { Id: "backend_requests", Timestamps: [at(2), at(3)], Values: [3200, 6000], StatusCode: "Complete" },
          { Id: "backend_errors5xx", Timestamps: [at(3)], Values: [120], StatusCode: "Complete" },
        ],
      });
    const json = await fetchMetricExport(new CloudWatchClient({ region: "us-east-1" }), config, {
      sinceMs: 7 * 86_400_000,
      now,
    });
    const calls = cloudWatch.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls[0]?.EndTime).toEqual(new Date("2026-11-30T12:00:00Z"));
    expect(calls[0]?.StartTime).toEqual(new Date("2026-11-23T12:00:00Z"));
    expect(calls[1]?.NextToken).toBe("page-2");
    expect(calls[0]?.MetricDataQueries).toEqual(metricQueries(config, 60));
    expect(calls[0]?.MetricDataQueries?.map((q) => q.MetricStat?.Period)).toEqual(
      Array(metricQueries(config, 60).length).fill(60),
    );
    const scenario = scenarioFromMetrics(json, { stage: "prod", config, name: "live" });
    expect(scenario.minutes).toBe(4);
    expect(scenario.services.backend?.phases.map((p) => p.rpm)).toEqual([3000, 3100, 3200, 6000]);
    expect(scenario.services.backend?.phases[3]?.errorRate).toBe(2);
    expect(scenario.supabase?.phases.map((p) => p.connections)).toEqual([50, 51, undefined, undefined]);
    cloudWatch.restore();
  });

  it("asks for five-minute periods beyond 15 days, and refuses more than CloudWatch keeps (63 days)", async () => {
    const cloudWatch = mockClient(CloudWatchClient);
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const client = new CloudWatchClient({ region: "us-east-1" });
    const now = new Date("2026-11-30T12:00:00Z");
    await fetchMetricExport(client, config, { sinceMs: 30 * 86_400_000, now });
    const input = cloudWatch.commandCalls(GetMetricDataCommand)[0]?.args[0].input;
    expect(new Set(input?.MetricDataQueries?.map((q) => q.MetricStat?.Period))).toEqual(new Set([300]));
    await expect(fetchMetricExport(client, config, { sinceMs: 64 * 86_400_000, now })).rejects.toThrow(
      /CloudWatch keeps five-minute datapoints for 63 days/,
    );
    cloudWatch.restore();
  });
});
