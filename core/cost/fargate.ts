/**
 * What Fargate tasks cost by the hour, at the prices of `FARGATE_PRICES`: the cost delta a scaling step shows
 * and the tier estimates of `npm run tier` and the simulator.
 */
import type { ServiceSize } from "../matrix/tiers.js";
import { type CpuArchitecture, FARGATE_PRICES, type FargatePrice } from "./prices.js";

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
  const price = (row ?? FARGATE_PRICES["us-east-1"])?.[arch] as FargatePrice;
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
