/**
 * The applier: the only code that turns a plan's effects into calls. Live, it runs each effect through its
 * executor in order and stops at the first failure; in dry-run it records them and calls nothing.
 */
import type { PlannedEffect } from "./effects.js";
import { ConfigurationError, EffectFailedError } from "./errors.js";
import type { Executors } from "./ports.js";

export interface AppliedEffect {
  effect: PlannedEffect;
  status: "applied" | "recorded";
  output?: unknown;
}

export interface ApplyOptions {
  executors: Executors;
  dryRun: boolean;
  /** Called for every effect as it is applied or recorded (the local tools print from it). */
  onEffect?: (applied: AppliedEffect) => void;
}

export class PartialApplyError extends EffectFailedError {
  constructor(
    effectType: string,
    readonly applied: AppliedEffect[],
    options: { cause: unknown },
  ) {
    super(effectType, options);
    this.name = "PartialApplyError";
  }
}

export async function applyEffects(effects: readonly PlannedEffect[], options: ApplyOptions): Promise<AppliedEffect[]> {
  const applied: AppliedEffect[] = [];
  for (const effect of effects) {
    let result: AppliedEffect;
    if (options.dryRun) {
      result = { effect, status: "recorded" };
    } else {
      const execute = options.executors[effect.type] as ((e: PlannedEffect) => Promise<unknown>) | undefined;
      if (!execute) throw new ConfigurationError(`no executor for effect ${effect.type} in this runtime`);
      try {
        result = { effect, status: "applied", output: await execute(effect) };
      } catch (cause) {
        throw new PartialApplyError(effect.type, applied, { cause });
      }
    }
    applied.push(result);
    options.onEffect?.(result);
  }
  return applied;
}
