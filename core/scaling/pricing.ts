/**
 * AWS Fargate on-demand prices per hour, Linux, by region and CPU architecture.
 * Source: https://aws.amazon.com/fargate/pricing/ (per vCPU-hour and per GB-hour; read 2026-11).
 * Regions not listed fall back to us-east-1 and say so.
 */
import type { ServiceSize } from "../matrix/tiers.js";

export type CpuArchitecture = "x86_64" | "arm64";

interface Price {
  vcpuHour: number;
  gbHour: number;
}

export const FARGATE_PRICES: Record<string, Record<CpuArchitecture, Price>> = {
  "us-east-1": { x86_64: { vcpuHour: 0.04048, gbHour: 0.004445 }, arm64: { vcpuHour: 0.03238, gbHour: 0.00356 } },
  "us-east-2": { x86_64: { vcpuHour: 0.04048, gbHour: 0.004445 }, arm64: { vcpuHour: 0.03238, gbHour: 0.00356 } },
  "us-west-2": { x86_64: { vcpuHour: 0.04048, gbHour: 0.004445 }, arm64: { vcpuHour: 0.03238, gbHour: 0.00356 } },
  "eu-west-1": { x86_64: { vcpuHour: 0.04048, gbHour: 0.004445 }, arm64: { vcpuHour: 0.03238, gbHour: 0.00356 } },
  "eu-central-1": { x86_64: { vcpuHour: 0.04656, gbHour: 0.00511 }, arm64: { vcpuHour: 0.03725, gbHour: 0.00409 } },
};

export interface TaskHourCost {
  perTaskHour: number;
  region: string;
  /** True when the region had no price row and us-east-1's was used. */
  approximated: boolean;
}

/** Hourly price of one task of `size`. */
export function taskHourCost(
  size: Pick<ServiceSize, "cpu" | "memory">,
  region: string,
  arch: CpuArchitecture,
): TaskHourCost {
  const row = FARGATE_PRICES[region];
  const price = (row ?? FARGATE_PRICES["us-east-1"])?.[arch] as Price;
  return {
    perTaskHour: (size.cpu / 1024) * price.vcpuHour + (size.memory / 1024) * price.gbHour,
    region: row ? region : "us-east-1",
    approximated: !row,
  };
}

/** "+$0.0988/h (2 tasks × $0.0494/h)" */
export function formatCostDelta(fromTasks: number, toTasks: number, cost: TaskHourCost): string {
  const delta = (toTasks - fromTasks) * cost.perTaskHour;
  const sign = delta >= 0 ? "+" : "-";
  const note = cost.approximated ? `, ${cost.region} prices` : "";
  return `${sign}$${Math.abs(delta).toFixed(4)}/h (${Math.abs(toTasks - fromTasks)} tasks × $${cost.perTaskHour.toFixed(4)}/h${note})`;
}
