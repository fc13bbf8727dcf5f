/** A metric's recent trend in a line a human reads at a glance: range, average, direction, sparkline. */
import type { MetricPoint } from "./ports.js";

export interface Trend {
  points: number;
  min: number;
  avg: number;
  max: number;
  last: number;
  direction: "rising" | "falling" | "steady";
  sparkline: string;
}

const BARS = "▁▂▃▄▅▆▇█";

/**
 * Summarises points (oldest first); undefined when there are none.
 * @example summariseTrend([{ at: "t1", value: 50 }, { at: "t2", value: 90 }])?.direction // "rising"
 */
export function summariseTrend(points: readonly MetricPoint[]): Trend | undefined {
  const values = points.map((p) => p.value).filter(Number.isFinite);
  if (values.length === 0) return undefined;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const avg = values.reduce((a, b) => a + b, 0) / values.length;
  // Compare the first and last quarters, so one noisy minute does not decide the direction.
  const quarter = Math.max(1, Math.floor(values.length / 4));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const change = mean(values.slice(-quarter)) - mean(values.slice(0, quarter));
  const direction = change > 2 ? "rising" : change < -2 ? "falling" : "steady";
  return {
    points: values.length,
    min,
    avg,
    max,
    last: values.at(-1) as number,
    direction,
    sparkline: sparkline(values, 30),
  };
}

function sparkline(values: number[], width: number): string {
  // At most `width` bars: each bar is the maximum of its bucket, since the alarm watches maxima.
  const size = Math.ceil(values.length / width);
  const buckets: number[] = [];
  for (let i = 0; i < values.length; i += size) buckets.push(Math.max(...values.slice(i, i + size)));
  const lo = Math.min(...buckets);
  const span = Math.max(...buckets) - lo;
  return buckets.map((v) => BARS[span === 0 ? 3 : Math.round(((v - lo) / span) * (BARS.length - 1))]).join("");
}

export function pct(value: number): string {
  return `${Math.round(value * 10) / 10} %`;
}
