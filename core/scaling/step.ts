/**
 * Step sizing (DESIGN.md §4.5): proportional like target tracking, `ceil(current × observed / target)`, at
 * least +1, at most ×maxFactor, never above the ceiling.
 */

export interface StepInput {
  current: number;
  /** The newest datapoint that made the alarm fire; undefined when CloudWatch sent none. */
  observed: number | undefined;
  target: number;
  maxFactor: number;
  ceiling: number;
}

/**
 * The desired count after one step.
 * @example nextCapacity({ current: 4, observed: 91, target: 70, maxFactor: 2, ceiling: 15 }) // 6
 */
export function nextCapacity({ current, observed, target, maxFactor, ceiling }: StepInput): number {
  const base = Math.max(current, 1);
  const proportional = observed !== undefined && target > 0 ? Math.ceil(base * (observed / target)) : base + 1;
  const atLeastOne = Math.max(proportional, current + 1);
  const capped = Math.min(atLeastOne, Math.max(Math.floor(current * maxFactor), current + 1));
  return Math.min(capped, ceiling);
}
