/**
 * The top error log lines of a service (CloudWatch Logs Insights), for the services whose log group is
 * configured, as the diagnostics reader's `errorLogs` hook. A query that fails or times out is a note on the
 * diagnostics, not a failed page.
 */

import type { ErrorLogLine, TopErrorLines } from "../adapters/aws/logs-insights.js";
import { LogsQueryError } from "../kernel/adapter-errors.js";
import type { Service } from "../matrix/tiers.js";

export type ErrorLogsHook = (
  service: Service,
  minutes: number,
  resultsAfter?: Promise<unknown>,
) => Promise<ErrorLogLine[] | { unavailable: string } | undefined>;

/**
 * @example errorLogLines(topErrors, (s) => config.ecs.services[s].logGroupName, now)("backend", 15)
 */
export function errorLogLines(
  topErrors: TopErrorLines,
  logGroupOf: (service: Service) => string | undefined,
  now: () => Date,
): ErrorLogsHook {
  return async (service, minutes, resultsAfter) => {
    const logGroup = logGroupOf(service);
    if (!logGroup) return undefined;
    try {
      return await topErrors(logGroup, { end: now(), minutes, ...(resultsAfter && { resultsAfter }) });
    } catch (error) {
      if (error instanceof LogsQueryError) return { unavailable: `error log lines unavailable: ${error.message}` };
      throw error;
    }
  };
}
