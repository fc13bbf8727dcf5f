import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { ECSServiceException } from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { LogsQueryError } from "../../core/adapters/errors.js";
import { logsInsightsTopErrors } from "../../core/adapters/logs-insights.js";
import { withErrorLogs } from "../../core/diagnostics/error-logs.js";
import { gatherDiagnostics } from "../../core/diagnostics/gather.js";
import type { DiagnosticsReader, ServiceDiagnostics } from "../../core/diagnostics/port.js";

const logs = mockClient(CloudWatchLogsClient);
afterEach(() => logs.reset());

const END = new Date("2026-11-27T14:21:10Z");
const noSleep = async () => undefined;
const row = (count: string, message: string) => [
  { field: "@message", value: message },
  { field: "count", value: count },
];
const BASE: ServiceDiagnostics = {
  service: "backend",
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  deployments: [],
  recentDeployment: false,
  events: [],
  metrics: [],
};
const baseReader: DiagnosticsReader = { collect: async () => structuredClone(BASE) };

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

describe("diagnostics with error logs", () => {
  it("adds the top error lines for a service with a log group", async () => {
    const reader = withErrorLogs(
      baseReader,
      async (group) => [{ count: 3, message: `ERROR in ${group}` }],
      (service) => (service === "backend" ? "/ecs/hero365-backend" : undefined),
      () => END,
    );
    const options = { metrics: [], minutes: 15, errorLogs: true };
    expect((await reader.collect("backend", options)).errorLogLines).toEqual([
      { count: 3, message: "ERROR in /ecs/hero365-backend" },
    ]);
    expect((await reader.collect("frontend", options)).errorLogLines).toBeUndefined();
  });

  it("notes a failed log query and keeps the rest of the diagnostics", async () => {
    const reader = withErrorLogs(
      baseReader,
      async () => Promise.reject(new LogsQueryError("Logs Insights query on /ecs/x did not finish within 8 s")),
      () => "/ecs/x",
      () => END,
    );
    const collected = await reader.collect("backend", { metrics: [], minutes: 15, errorLogs: true });
    expect(collected).toMatchObject({ desiredCount: 2, notes: [expect.stringMatching(/did not finish within 8 s/)] });
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
