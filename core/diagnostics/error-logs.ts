/**
 * Adds the top error log lines (CloudWatch Logs Insights) to what a diagnostics reader collects, for the
 * services whose log group is configured. The query runs beside the reader's own calls.
 */
import { LogsQueryError } from "../adapters/errors.js";
import type { ErrorLogLine, TopErrorLines } from "../adapters/logs-insights.js";
import type { Service } from "../tiers.js";
import type { DiagnosticsReader } from "./port.js";

export function withErrorLogs(
  reader: DiagnosticsReader,
  topErrors: TopErrorLines,
  logGroupOf: (service: Service) => string | undefined,
  now: () => Date,
): DiagnosticsReader {
  return {
    async collect(service, options) {
      const logGroup = options.errorLogs ? logGroupOf(service) : undefined;
      const [diagnostics, errors] = await Promise.all([
        reader.collect(service, { ...options, errorLogs: false }),
        logGroup ? errorLines(topErrors, logGroup, now(), options.minutes) : undefined,
      ]);
      if (!errors) return diagnostics;
      if (errors.failed !== undefined) return { ...diagnostics, notes: [...(diagnostics.notes ?? []), errors.failed] };
      return { ...diagnostics, errorLogLines: errors.lines };
    },
  };
}

async function errorLines(
  topErrors: TopErrorLines,
  logGroup: string,
  end: Date,
  minutes: number,
): Promise<{ lines: ErrorLogLine[]; failed?: undefined } | { failed: string }> {
  try {
    return { lines: await topErrors(logGroup, { end, minutes }) };
  } catch (error) {
    if (error instanceof LogsQueryError) return { failed: `error log lines unavailable: ${error.message}` };
    throw error;
  }
}
