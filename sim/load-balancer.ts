/**
 * The load balancer's metrics as CloudWatch holds them, from the services' simulated minutes: its own 5xx
 * (requests no target answered) and the requests its targets answered. `lb-error-rate-high` reads them.
 */
import type { MinuteRecord } from "./world.js";

type Minute = Pick<MinuteRecord, "rpm" | "answered" | "unanswered">;

/**
 * `100 × ELB 5XX / (RequestCount + ELB 5XX)` over one minute of every service behind the load balancer;
 * undefined when no request came at all (the alarm then treats the minute as its missing data says).
 */
export function loadBalancerErrorRate(services: readonly Minute[]): number | undefined {
  const elb5xx = services.reduce((sum, m) => sum + (m.unanswered ?? 0), 0);
  const requests = services.reduce((sum, m) => sum + (m.answered ?? m.rpm), 0);
  return elb5xx + requests > 0 ? (100 * elb5xx) / (requests + elb5xx) : undefined;
}
