/**
 * What a service at its tier's ceiling should move to, with what the move adds to the AWS bill: the seed's
 * expected monthly costs of each tier (`monthlyCost` in core/matrix/tiers.ts).
 */
import { nextTier, type Service, TIERS, type TierId } from "../matrix/tiers.js";

/**
 * The recommendation an escalation at the ceiling carries.
 * @example tierUpgradeText("growth", "backend") // "Recommend the Scale tier (backend max 30 tasks): AWS $150–250 → $300–600/month (+$150 to +$350/month)."
 */
export function tierUpgradeText(tierId: TierId, service: Service): string {
  const tier = TIERS[tierId];
  const next = nextTier(tier.id);
  if (!next) return `Already at the top tier (${tier.name}): capacity must be raised by hand.`;
  const [now, then] = [tier.monthlyCost.aws, next.monthlyCost.aws];
  return `Recommend the ${next.name} tier (${service} max ${next.services[service].maxCapacity} tasks): AWS $${now.min}–${now.max} → $${then.min}–${then.max}/month (+$${then.min - now.min} to +$${then.max - now.max}/month).`;
}
