/** Captures the EMF lines Powertools Metrics prints, parsed. */
import { vi } from "vitest";

export interface EmfLine {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
  };
  [key: string]: unknown;
}

export function captureEmf() {
  // Under POWERTOOLS_DEV (set for tests) metrics are off unless this says otherwise; dev mode prints with
  // the global console, which is what we spy on.
  process.env.POWERTOOLS_METRICS_DISABLED = "false";
  const lines: EmfLine[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    const text = args.map(String).join(" ");
    if (!text.startsWith("{")) return;
    const parsed = JSON.parse(text) as EmfLine;
    if (parsed._aws) lines.push(parsed);
  });
  return {
    lines,
    /** Takes the lines captured so far. */
    take(): EmfLine[] {
      return lines.splice(0, lines.length);
    },
    restore() {
      spy.mockRestore();
      delete process.env.POWERTOOLS_METRICS_DISABLED;
    },
  };
}

/** The metric values of one EMF line by name. */
export function values(line: EmfLine): Record<string, number> {
  const names = line._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name) ?? [];
  return Object.fromEntries(names.map((n) => [n, line[n] as number]));
}
