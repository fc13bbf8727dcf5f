/**
 * Application Auto Scaling target tracking as the stacks configure it (stacks/Scaling.ts, from the seed's
 * values in core/matrix/tiers.ts): CPU at the tier's target, memory at 80 %, ALBRequestCountPerTarget at 1000, 300 s
 * cooldowns, bounded by the scalable target's MinCapacity (the floor scale-ecs raises) and MaxCapacity.
 *
 * Each policy behaves like the two alarms AAS creates for it: scale out when the metric is above the target
 * for 3 consecutive minutes, scale in when it is below 90 % of the target for 15; the new capacity is
 * `ceil(current × metric / target)`. Scale-out wins if any policy asks; scale-in happens only when every
 * policy agrees, to the largest capacity any of them wants — which is what makes scale-in gentle.
 * https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html
 */
import { type ServiceSize, TARGET_TRACKING } from "../core/matrix/tiers.js";

export type PolicyName = "cpu" | "memory" | "requests";

export interface TrackingPolicy {
  name: PolicyName;
  target: number;
}

export const HIGH_ALARM_MINUTES = 3;
export const LOW_ALARM_MINUTES = 15;
export const LOW_ALARM_FACTOR = 0.9;
const COOLDOWN_MS = TARGET_TRACKING.cooldownSeconds * 1000;

export function trackingPolicies(size: ServiceSize): TrackingPolicy[] {
  return [
    { name: "cpu", target: size.targetCPU },
    { name: "memory", target: TARGET_TRACKING.memory },
    { name: "requests", target: TARGET_TRACKING.requestsPerTarget },
  ];
}

export interface ScalingActivity {
  direction: "out" | "in";
  from: number;
  to: number;
  policy: PolicyName;
  metric: number;
  target: number;
}

export interface Bounds {
  min: number;
  max: number;
  scaleOutSuspended: boolean;
  scaleInSuspended: boolean;
}

/** The target-tracking policies of one service, fed one datapoint per minute. */
export class TargetTracking {
  private readonly history = new Map<PolicyName, (number | undefined)[]>();
  private lastOut = Number.NEGATIVE_INFINITY;
  private lastIn = Number.NEGATIVE_INFINITY;

  constructor(readonly policies: readonly TrackingPolicy[]) {
    for (const p of policies) this.history.set(p.name, []);
  }

  /**
   * Records the minute's metrics and returns the scaling activity AAS would start now, if any.
   */
  observe(
    now: number,
    metrics: Record<PolicyName, number | undefined>,
    current: number,
    bounds: Bounds,
  ): ScalingActivity | undefined {
    for (const p of this.policies) {
      const series = this.history.get(p.name) as (number | undefined)[];
      series.push(metrics[p.name]);
      if (series.length > LOW_ALARM_MINUTES) series.shift();
    }
    // Called every simulated minute for every service and strategy: loops, no slices or closures.
    const wants = this.policies.map((p) => {
      const series = this.history.get(p.name) as (number | undefined)[];
      const latest = series.at(-1);
      let high = series.length >= HIGH_ALARM_MINUTES;
      for (let i = series.length - HIGH_ALARM_MINUTES; high && i < series.length; i++) {
        const v = series[i];
        high = v !== undefined && v > p.target;
      }
      let low = series.length >= LOW_ALARM_MINUTES;
      for (let i = series.length - LOW_ALARM_MINUTES; low && i < series.length; i++) {
        const v = series[i];
        low = v === undefined || v < p.target * LOW_ALARM_FACTOR;
      }
      const capacity = latest === undefined ? 0 : Math.ceil((current * latest) / p.target);
      return { policy: p, latest: latest ?? 0, high, low, capacity };
    });

    const out = wants.filter((w) => w.high);
    if (out.length && !bounds.scaleOutSuspended && now - this.lastOut >= COOLDOWN_MS) {
      const top = out.reduce((a, b) => (b.capacity > a.capacity ? b : a));
      const to = Math.min(bounds.max, Math.max(top.capacity, current));
      if (to > current) {
        this.lastOut = now;
        return activity("out", current, to, top);
      }
    }
    if (
      wants.every((w) => w.low) &&
      !bounds.scaleInSuspended &&
      now - this.lastIn >= COOLDOWN_MS &&
      now - this.lastOut >= COOLDOWN_MS
    ) {
      const top = wants.reduce((a, b) => (b.capacity > a.capacity ? b : a));
      const to = Math.max(bounds.min, top.capacity);
      if (to < current) {
        this.lastIn = now;
        return activity("in", current, to, top);
      }
    }
    return undefined;
  }
}

function activity(
  direction: "out" | "in",
  from: number,
  to: number,
  want: { policy: TrackingPolicy; latest: number },
): ScalingActivity {
  return { direction, from, to, policy: want.policy.name, metric: want.latest, target: want.policy.target };
}
