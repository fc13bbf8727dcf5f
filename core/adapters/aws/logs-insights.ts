/**
 * The top error log lines of a service, through CloudWatch Logs Insights: StartQuery, then GetQueryResults
 * until the query completes, within a bounded wait (a page must not wait on its diagnostics). A query that
 * does not finish in time is stopped, so it does not hold one of the account's concurrent query slots.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html
 */
import {
  type CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { LogsQueryError, realSleep } from "../../kernel/adapter-errors.js";

export interface ErrorLogLine {
  count: number;
  message: string;
}

export type TopErrorLines = (
  logGroupName: string,
  query: {
    end: Date;
    minutes: number;
    /** Ask for the results only once this settles (the query runs meanwhile); at once when absent. */
    resultsAfter?: Promise<unknown>;
  },
) => Promise<ErrorLogLine[]>;

export interface LogsInsightsOptions {
  /** How many distinct lines to return. */
  limit?: number;
  /** How long to poll for the results before giving up. */
  maxWaitMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Lines that look like errors, grouped by their text, most frequent first. */
export function topErrorsQuery(limit: number): string {
  return [
    "fields @message",
    "| filter @message like /(?i)(error|exception|fatal|panic|traceback|\\b5\\d\\d\\b)/",
    "| stats count(*) as count by @message",
    "| sort count desc",
    `| limit ${limit}`,
  ].join("\n");
}

export function logsInsightsTopErrors(client: CloudWatchLogsClient, options: LogsInsightsOptions = {}): TopErrorLines {
  const limit = options.limit ?? 5;
  const maxWaitMs = options.maxWaitMs ?? 8_000;
  const pollMs = options.pollMs ?? 500;
  const sleep = options.sleep ?? realSleep;
  return async (logGroupName, { end, minutes, resultsAfter }) => {
    const endTime = Math.floor(end.getTime() / 1000);
    const { queryId } = await client.send(
      new StartQueryCommand({
        logGroupName,
        startTime: endTime - minutes * 60,
        endTime,
        queryString: topErrorsQuery(limit),
        limit,
      }),
    );
    if (!queryId) throw new LogsQueryError(`StartQuery on ${logGroupName} returned no query id`);
    // Whatever the caller waits for, the query runs meanwhile; its outcome is not this query's.
    if (resultsAfter) await resultsAfter.catch(() => undefined);
    for (let waited = 0; waited <= maxWaitMs; waited += pollMs) {
      const { status, results } = await client.send(new GetQueryResultsCommand({ queryId }));
      if (status === "Complete") return (results ?? []).map(toLine).filter((l) => l.message !== "");
      if (status === "Failed" || status === "Cancelled" || status === "Timeout") {
        throw new LogsQueryError(`Logs Insights query on ${logGroupName} ended ${status}`);
      }
      await sleep(pollMs);
    }
    // Best effort: the query is abandoned either way, and the error below says why.
    await client.send(new StopQueryCommand({ queryId })).catch(() => undefined);
    throw new LogsQueryError(`Logs Insights query on ${logGroupName} did not finish within ${maxWaitMs / 1000} s`);
  };
}

function toLine(row: { field?: string; value?: string }[]): ErrorLogLine {
  const value = (name: string) => row.find((f) => f.field === name)?.value;
  return { count: Number(value("count") ?? 0), message: (value("@message") ?? "").trim() };
}
