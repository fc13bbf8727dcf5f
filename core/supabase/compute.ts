/**
 * Supabase compute sizes as data, for plan-upgrade tickets: connection limits and prices.
 *
 * Source: Supabase docs, "Compute and Disk" (supabase.com/docs/guides/platform/compute-and-disk), read from
 * the docs source in the supabase/supabase repository (apps/docs/content/guides/platform/compute-and-disk.mdx,
 * commit 02a13c9be470707b33c2554bc7b9fbe69a40c512). The hourly price is the billed one; the docs give the
 * monthly price only as an approximation ("~$60"), so `monthlyUsdApprox` is that figure, not a computation.
 * Prices are USD, before the Pro/Team plans' $10 monthly compute credit (which does not change a difference
 * between two sizes).
 */
import type { COMPUTE_SIZES } from "../config/schema.js";

export type ComputeSize = (typeof COMPUTE_SIZES)[number];

export interface ComputeSpec {
  size: ComputeSize;
  label: string;
  cpu: string;
  memoryGb: number;
  /** Postgres `max_connections` Supabase sets for this size (a recommended default, customisable). */
  maxConnections: number;
  /** Supavisor (connection pooler) client limit. */
  poolerMaxClients: number;
  hourlyUsd: number;
  /** The docs' own rounded monthly figure. */
  monthlyUsdApprox: number;
}

export const COMPUTE_SOURCE =
  "Supabase docs, Compute and Disk (supabase.com/docs/guides/platform/compute-and-disk); monthly prices are the docs' approximations";

export const COMPUTE: readonly ComputeSpec[] = [
  spec("micro", "Micro", "2-core ARM (shared)", 1, 60, 200, 0.01344, 10),
  spec("small", "Small", "2-core ARM (shared)", 2, 90, 400, 0.0206, 15),
  spec("medium", "Medium", "2-core ARM (shared)", 4, 120, 600, 0.0822, 60),
  spec("large", "Large", "2-core ARM (dedicated)", 8, 160, 800, 0.1517, 110),
  spec("xl", "XL", "4-core ARM (dedicated)", 16, 240, 1_000, 0.2877, 210),
  spec("2xl", "2XL", "8-core ARM (dedicated)", 32, 380, 1_500, 0.562, 410),
  spec("4xl", "4XL", "16-core ARM (dedicated)", 64, 480, 3_000, 1.32, 960),
  spec("8xl", "8XL", "32-core ARM (dedicated)", 128, 490, 6_000, 2.562, 1_870),
  spec("12xl", "12XL", "48-core ARM (dedicated)", 192, 500, 9_000, 3.836, 2_800),
  spec("16xl", "16XL", "64-core ARM (dedicated)", 256, 500, 12_000, 5.12, 3_730),
];

function spec(
  size: ComputeSize,
  label: string,
  cpu: string,
  memoryGb: number,
  maxConnections: number,
  poolerMaxClients: number,
  hourlyUsd: number,
  monthlyUsdApprox: number,
): ComputeSpec {
  return { size, label, cpu, memoryGb, maxConnections, poolerMaxClients, hourlyUsd, monthlyUsdApprox };
}

export function computeSpec(size: ComputeSize): ComputeSpec {
  const found = COMPUTE.find((c) => c.size === size);
  if (!found) throw new Error(`no compute data for size ${size}`);
  return found;
}

/**
 * The smallest size above `current` that allows more direct connections, or undefined at the top
 * (8XL and up add pooler clients, not Postgres connections, so they are not a fix for this alarm alone).
 * @example nextComputeForConnections("small")?.size // "medium"
 */
export function nextComputeForConnections(current: ComputeSize): ComputeSpec | undefined {
  const now = computeSpec(current);
  return COMPUTE.find((c) => c.hourlyUsd > now.hourlyUsd && c.maxConnections > now.maxConnections);
}
