/**
 * A plan is what a decision returns: the effects to apply, each with its reason, and the decision's own
 * outcome and reason. `act` plans have effects; `hold` and `skip` plans say why nothing happens.
 */
import type { PlannedEffect } from "./effects.js";

export type Outcome = "act" | "hold" | "skip";

export interface Plan {
  outcome: Outcome;
  /** Why: a hold's named reason (`cooldown`, `at-ceiling`, ...) or what the effects achieve. */
  reason: string;
  /** Machine-readable hold/skip reason, e.g. `unknown-alarm`, `cooldown`. */
  code?: string;
  effects: PlannedEffect[];
  /**
   * Identifies this step across duplicate deliveries: the applier claims it in the state table once, so
   * at-least-once delivery gives exactly-once effects.
   */
  stepKey?: string;
  /**
   * Completes this plan once reads still in flight have finished (a page's diagnostics): decided now without
   * them for its step key, so the kernel claims the step while they finish instead of after: it calls this
   * as it starts the claim. The completed plan must keep this one's step key, outcome and effect types; only
   * their contents may change. Never stored or logged.
   */
  completing?: () => Promise<Plan>;
  /**
   * Steps of other subjects this plan's effects need to hold as well (a ticket's generation): claimed beside
   * `stepKey`, each by its own conditional write in the same round trip, and handed to the executors
   * (`ExecutionContext.held`). One already taken is left to the executor, which claims it itself.
   */
  alongside?: { key: string; leaseSeconds: number }[];
}

/**
 * A plan decided before `reads` finished, completed by deciding again with them: the kernel claims its step
 * meanwhile (one round trip fewer before acting). A failed read fails the completion, which gives the step back.
 * @example completedBy(decide({ ...input, diagnostics: undefined }), diagnostics, (d) => decide({ ...input, diagnostics: d }))
 */
export function completedBy<T>(provisional: Plan, reads: Promise<T>, decide: (read: T) => Plan): Plan {
  // Awaited only by a kernel that claims the step (never by a duplicate): marked handled now.
  reads.catch(() => {});
  // Nothing to claim, so nothing to win by deciding early.
  if (provisional.effects.length === 0) return provisional;
  return { ...provisional, completing: () => reads.then(decide) };
}

/** The plan without its completion, as audits and logs record it. */
export function recorded(plan: Plan): Plan {
  if (!plan.completing) return plan;
  const { completing: _, ...rest } = plan;
  return rest;
}

export function act(reason: string, effects: PlannedEffect[], stepKey: string): Plan {
  return { outcome: "act", reason, effects, stepKey };
}

export function hold(code: string, reason: string, effects: PlannedEffect[] = [], stepKey?: string): Plan {
  return { outcome: "hold", code, reason, effects, stepKey };
}

export function skip(code: string, reason: string): Plan {
  return { outcome: "skip", code, reason, effects: [] };
}
