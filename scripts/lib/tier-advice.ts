/**
 * Which of the seed's tiers fits an audience: the smallest tier whose ranges hold every number given
 * (recurring users, concurrent users, requests per minute); the most demanding number decides.
 */
import { type Range, TIER_IDS, TIERS, type Tier } from "../../core/matrix/tiers.js";

export interface Audience {
  users: number;
  concurrentUsers?: number;
  requestsPerMinute?: number;
}

export interface TierAdvice {
  tier: Tier;
  /** For each number given, the tier it alone would need, e.g. "5,000 users → Growth (1,000–10,000)". */
  because: string[];
}

const DIMENSIONS = [
  { key: "users", label: "users", range: (t: Tier) => t.users },
  { key: "concurrentUsers", label: "concurrent users", range: (t: Tier) => t.concurrentUsers },
  { key: "requestsPerMinute", label: "requests/min", range: (t: Tier) => t.requestsPerMinute },
] as const;

/**
 * The tier for an audience.
 * @example recommendTier({ users: 25_000 }).tier.id // "scale"
 */
export function recommendTier(audience: Audience): TierAdvice {
  let index = 0;
  const because: string[] = [];
  for (const d of DIMENSIONS) {
    const value = audience[d.key];
    if (value === undefined) continue;
    // The seed's ranges share their bounds (0–1,000, 1,000–10,000): a bound belongs to the smaller tier.
    const fits = TIER_IDS.findIndex((id) => value <= d.range(TIERS[id]).max);
    const tier = TIERS[TIER_IDS[fits] as (typeof TIER_IDS)[number]];
    because.push(`${value.toLocaleString("en-US")} ${d.label} → ${tier.name} (${formatRange(d.range(tier))})`);
    index = Math.max(index, fits);
  }
  return { tier: TIERS[TIER_IDS[index] as (typeof TIER_IDS)[number]], because };
}

export function formatRange(range: Range, unit = ""): string {
  const n = (v: number) => `${unit}${v.toLocaleString("en-US")}`;
  if (!Number.isFinite(range.max)) return `${n(range.min)}+`;
  return range.min === range.max ? n(range.min) : `${n(range.min)}–${n(range.max)}`;
}
