import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { DescribeServicesCommand, ECSClient, ECSServiceException } from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it, vi } from "vitest";
import { awsDiagnostics } from "../../core/adapters/aws/aws-diagnostics.js";
import { logsInsightsTopErrors } from "../../core/adapters/aws/logs-insights.js";
import { errorLogLines } from "../../core/diagnostics/error-logs.js";
import { gatherDiagnostics } from "../../core/diagnostics/gather.js";
import type { DiagnosticsReader } from "../../core/diagnostics/port.js";
import { LogsQueryError } from "../../core/kernel/adapter-errors.js";
import { testConfig } from "../support/config.js";

const logs = mockClient(CloudWatchLogsClient);
const ecs = mockClient(ECSClient);
const cloudwatch = mockClient(CloudWatchClient);
afterEach(() => {
  logs.reset();
  ecs.reset();
  cloudwatch.reset();
});

const END = new Date("2026-11-27T14:21:10Z");
const noSleep = async () => undefined;
const row = (count: string, message: string) => [
  { field: "@message", value: message },
  { field: "count", value: count },
];

describe("top error log lines through Logs Insights", () => {
  it("queries the last minutes of the log group and polls until the query completes", async () => {
    logs.on(StartQueryCommand).resolves({ queryId: "q-1" });
    logs
      .on(GetQueryResultsCommand)
      .resolvesOnce({ status: "Running" })
      .resolvesOnce({ status: "Complete", results: [row("41", "ERROR pool exhausted\n"), row("12", "ERROR timeout")] });
    const top = logsInsightsTopErrors(new CloudWatchLogsClient({}), { sleep: noSleep });

    expect(await top("/ecs/hero365-backend", { end: END, minutes: 15 })).toEqual([
      { count: 41, message: "ERROR pool exhausted" },
      { count: 12, message: "ERROR timeout" },
    ]);
    const [start] = logs.commandCalls(StartQueryCommand);
    expect(start?.args[0].input).toMatchObject({
      logGroupName: "/ecs/hero365-backend",
      startTime: END.getTime() / 1000 - 900,
      endTime: END.getTime() / 1000,
      limit: 5,
    });
    expect(start?.args[0].input.queryString).toMatch(/stats count\(\*\) as count by @message\n\| sort count desc/);
    expect(logs.commandCalls(GetQueryResultsCommand)).toHaveLength(2);
  });

  it("starts the query at once but asks for its results only once the caller lets it (a page that has decided)", async () => {
    logs.on(StartQueryCommand).resolves({ queryId: "q-3" });
    logs.on(GetQueryResultsCommand).resolves({ status: "Complete", results: [row("3", "ERROR x")] });
    const top = logsInsightsTopErrors(new CloudWatchLogsClient({}), { sleep: noSleep });
    let decided = () => {};
    const resultsAfter = new Promise<void>((resolve) => {
      decided = resolve;
    });

    const lines = top("/ecs/hero365-backend", { end: END, minutes: 15, resultsAfter });
    await vi.waitFor(() => expect(logs.commandCalls(StartQueryCommand)).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(logs.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
    decided();
    expect(await lines).toEqual([{ count: 3, message: "ERROR x" }]);
    expect(logs.commandCalls(GetQueryResultsCommand)).toHaveLength(1);
  });

  it("stops a query that does not finish in time and says so", async () => {
    logs.on(StartQueryCommand).resolves({ queryId: "q-2" });
    logs.on(GetQueryResultsCommand).resolves({ status: "Running" });
    logs.on(StopQueryCommand).resolves({ success: true });
    const top = logsInsightsTopErrors(new CloudWatchLogsClient({}), { sleep: noSleep, maxWaitMs: 2_000, pollMs: 500 });

    await expect(top("/ecs/hero365-backend", { end: END, minutes: 15 })).rejects.toThrow(/did not finish within 2 s/);
    expect(logs.commandCalls(GetQueryResultsCommand)).toHaveLength(5);
    expect(logs.commandCalls(StopQueryCommand)[0]?.args[0].input).toEqual({ queryId: "q-2" });
  });

  it("fails with a named error when the query fails", async () => {
    logs.on(StartQueryCommand).resolves({ queryId: "q-3" });
    logs.on(GetQueryResultsCommand).resolves({ status: "Failed" });
    const top = logsInsightsTopErrors(new CloudWatchLogsClient({}), { sleep: noSleep });
    await expect(top("/ecs/hero365-backend", { end: END, minutes: 15 })).rejects.toBeInstanceOf(LogsQueryError);
  });
});

describe("error log lines for diagnostics", () => {
  it("queries the service's log group, and nothing for a service without one", async () => {
    const asked: string[] = [];
    const hook = errorLogLines(
      async (group, { end, minutes }) => {
        asked.push(`${group} ${end.toISOString()} ${minutes}`);
        return [{ count: 3, message: `ERROR in ${group}` }];
      },
      (service) => (service === "backend" ? "/ecs/hero365-backend" : undefined),
      () => END,
    );
    expect(await hook("backend", 15)).toEqual([{ count: 3, message: "ERROR in /ecs/hero365-backend" }]);
    expect(await hook("frontend", 15)).toBeUndefined();
    expect(asked).toEqual(["/ecs/hero365-backend 2026-11-27T14:21:10.000Z 15"]);
  });

  it("says why the lines are missing when the query fails, instead of failing the diagnostics", async () => {
    const hook = errorLogLines(
      async () => Promise.reject(new LogsQueryError("Logs Insights query on /ecs/x did not finish within 8 s")),
      () => "/ecs/x",
      () => END,
    );
    expect(await hook("backend", 15)).toEqual({
      unavailable: "error log lines unavailable: Logs Insights query on /ecs/x did not finish within 8 s",
    });
  });

  it("lets an unexpected error through", async () => {
    const hook = errorLogLines(
      async () => Promise.reject(new TypeError("bad")),
      () => "/ecs/x",
      () => END,
    );
    await expect(hook("backend", 15)).rejects.toBeInstanceOf(TypeError);
  });
});

describe("the AWS diagnostics reader with error logs", () => {
  const reader = (hook: Parameters<typeof awsDiagnostics>[0]["errorLogs"]) =>
    awsDiagnostics({
      ecs: new ECSClient({}),
      cloudwatch: new CloudWatchClient({}),
      config: testConfig("prod"),
      now: () => END,
      errorLogs: hook,
    });
  const options = { metrics: ["target5xx" as const], minutes: 15, errorLogs: true };

  it("attaches the top error log lines beside the service and its metrics", async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [{ desiredCount: 3, runningCount: 3, pendingCount: 0 }] });
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const collected = await reader(async () => [{ count: 7, message: "ERROR boom" }]).collect("backend", options);
    expect(collected).toMatchObject({ desiredCount: 3, errorLogLines: [{ count: 7, message: "ERROR boom" }] });
  });

  it("notes why the error log lines are missing and keeps the rest", async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [{ desiredCount: 3, runningCount: 2, pendingCount: 1 }] });
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const collected = await reader(async () => ({ unavailable: "error log lines unavailable: timed out" })).collect(
      "backend",
      options,
    );
    expect(collected).toMatchObject({ runningCount: 2, notes: ["error log lines unavailable: timed out"] });
    expect(collected.errorLogLines).toBeUndefined();
  });
});

describe("gathering diagnostics for a page", () => {
  const options = { metrics: [], minutes: 15 };

  it("pages with what went wrong when an AWS API fails, rather than not paging", async () => {
    const failing: DiagnosticsReader = {
      collect: async () =>
        Promise.reject(
          new ECSServiceException({
            name: "ThrottlingException",
            $fault: "client",
            $metadata: {},
            message: "Rate exceeded",
          }),
        ),
    };
    expect(await gatherDiagnostics(failing, "backend", options)).toEqual({
      unavailable: "ThrottlingException: Rate exceeded",
    });
  });

  it("rethrows a programming error", async () => {
    const broken: DiagnosticsReader = { collect: async () => Promise.reject(new TypeError("x is undefined")) };
    await expect(gatherDiagnostics(broken, "backend", options)).rejects.toBeInstanceOf(TypeError);
  });
});
