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
