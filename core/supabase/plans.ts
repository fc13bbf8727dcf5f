/**
 * Supabase organisation plans as data: the monthly egress quota the bandwidth row measures against.
 * Source: supabase.com/pricing (Free 5 GB, Pro and Team 250 GB included, then $0.09/GB); Enterprise is
 * negotiated, so its quota comes from the stage configuration.
 */
import type { StageConfig } from "../config/index.js";

export interface PlanSpec {
  label: string;
  /** Included egress per month in GB; undefined when negotiated. */
  egressQuotaGb?: number;
  monthlyUsd?: number;
}

export const PLANS: Record<StageConfig["supabase"]["plan"], PlanSpec> = {
  free: { label: "Free", egressQuotaGb: 5, monthlyUsd: 0 },
  pro: { label: "Pro", egressQuotaGb: 250, monthlyUsd: 25 },
  team: { label: "Team", egressQuotaGb: 250, monthlyUsd: 599 },
  enterprise: { label: "Enterprise" },
};

/** We count a GB as 10^9 bytes. */
export const BYTES_PER_GB = 1e9;

/** The stage's monthly egress quota in bytes: its own setting first, then its plan's. */
export function egressQuotaBytes(supabase: StageConfig["supabase"]): number {
  const gb = supabase.egressQuotaGb ?? PLANS[supabase.plan].egressQuotaGb;
  // The config schema refuses an enterprise plan without egressQuotaGb, so gb is always set here.
  return (gb ?? Number.NaN) * BYTES_PER_GB;
}
