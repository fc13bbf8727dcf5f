/**
 * The seed's user-based scaling tiers (seed: "Scaling Configuration by User Tiers").
 * Every automatic action is bounded by the stage's tier.
 */
export const SERVICES = ["backend", "frontend"] as const;
export type Service = (typeof SERVICES)[number];

export const TIER_IDS = ["startup", "growth", "scale", "enterprise"] as const;
export type TierId = (typeof TIER_IDS)[number];

export interface ServiceSize {
  /** Fargate task CPU units (1024 = 1 vCPU). */
  cpu: number;
  /** Fargate task memory in MiB. */
  memory: number;
  minCapacity: number;
  maxCapacity: number;
  /** Target-tracking CPU utilisation (%). */
  targetCPU: number;
}

export interface Range {
  min: number;
  max: number;
}

export interface Tier {
  id: TierId;
  name: string;
  users: Range;
  concurrentUsers: Range;
  requestsPerMinute: Range;
  services: Record<Service, ServiceSize>;
  supabase: { plans: string[]; connections: Range };
  /** Expected monthly cost in USD (seed: "Expected Costs"). */
  monthlyCost: { aws: Range; supabase: Range; total: Range };
}

const OPEN = Number.POSITIVE_INFINITY;

export const TIERS: Record<TierId, Tier> = {
  startup: {
    id: "startup",
    name: "Startup",
    users: { min: 0, max: 1_000 },
    concurrentUsers: { min: 10, max: 50 },
    requestsPerMinute: { min: 100, max: 500 },
    services: {
      backend: { cpu: 512, memory: 1024, minCapacity: 2, maxCapacity: 5, targetCPU: 70 },
      frontend: { cpu: 256, memory: 512, minCapacity: 2, maxCapacity: 3, targetCPU: 60 },
    },
    supabase: { plans: ["free", "pro"], connections: { min: 60, max: 200 } },
    monthlyCost: { aws: { min: 71, max: 100 }, supabase: { min: 0, max: 25 }, total: { min: 71, max: 125 } },
  },
  growth: {
    id: "growth",
    name: "Growth",
    users: { min: 1_000, max: 10_000 },
    concurrentUsers: { min: 50, max: 500 },
    requestsPerMinute: { min: 500, max: 5_000 },
    services: {
      backend: { cpu: 1024, memory: 2048, minCapacity: 3, maxCapacity: 15, targetCPU: 70 },
      frontend: { cpu: 512, memory: 1024, minCapacity: 2, maxCapacity: 8, targetCPU: 60 },
    },
    supabase: { plans: ["pro"], connections: { min: 200, max: OPEN } },
    monthlyCost: {
      aws: { min: 150, max: 250 },
      supabase: { min: 25, max: 25 },
      total: { min: 175, max: 275 },
    },
  },
  scale: {
    id: "scale",
    name: "Scale",
    users: { min: 10_000, max: 100_000 },
    concurrentUsers: { min: 500, max: 5_000 },
    requestsPerMinute: { min: 5_000, max: 50_000 },
    services: {
      backend: { cpu: 2048, memory: 4096, minCapacity: 5, maxCapacity: 30, targetCPU: 70 },
      frontend: { cpu: 1024, memory: 2048, minCapacity: 3, maxCapacity: 15, targetCPU: 60 },
    },
    supabase: { plans: ["pro", "team"], connections: { min: 500, max: OPEN } },
    monthlyCost: {
      aws: { min: 300, max: 600 },
      supabase: { min: 25, max: 599 },
      total: { min: 325, max: 1_199 },
    },
  },
  enterprise: {
    id: "enterprise",
    name: "Enterprise",
    users: { min: 100_000, max: OPEN },
    concurrentUsers: { min: 5_000, max: OPEN },
    requestsPerMinute: { min: 50_000, max: OPEN },
    services: {
      backend: { cpu: 4096, memory: 8192, minCapacity: 10, maxCapacity: 100, targetCPU: 70 },
      frontend: { cpu: 2048, memory: 4096, minCapacity: 5, maxCapacity: 50, targetCPU: 60 },
    },
    supabase: { plans: ["team", "enterprise"], connections: { min: 1_000, max: OPEN } },
    monthlyCost: {
      aws: { min: 800, max: 2_000 },
      supabase: { min: 599, max: 2_000 },
      total: { min: 1_399, max: 4_000 },
    },
  },
};

/**
 * The seed's target tracking, the same for every tier (seed: "AWS ECS Fargate Auto Scaling"): CPU at the
 * service's `targetCPU`, memory at 80 %, 1000 ALB requests per target per minute, 300 s cooldowns.
 */
export const TARGET_TRACKING = { memory: 80, requestsPerTarget: 1000, cooldownSeconds: 300 } as const;

/** The tier after `id`, or undefined at the top. */
export function nextTier(id: TierId): Tier | undefined {
  const next = TIER_IDS[TIER_IDS.indexOf(id) + 1];
  return next ? TIERS[next] : undefined;
}
