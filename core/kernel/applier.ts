/**
 * The applier: the only code that turns a plan's effects into calls. Live, it runs each effect through its
 * executor in order and stops at the first failure; in dry-run it records them and calls nothing. The one
 * exception: an effect whose secret is not set is recorded `unsent` with its error and the other effects still
 * go out (one unset channel must not silence the others). It is not retried: the secret will
 * not set itself, and the step completes so a redelivery cannot repeat what did go out.
 */
import type { PlannedEffect } from "./effects.js";
import { ConfigurationError, EffectFailedError, SecretNotSetError } from "./errors.js";
import type { ExecutionContext, Executors } from "./ports.js";

export interface AppliedEffect {
  effect: PlannedEffect;
  status: "applied" | "recorded" | "unsent";
  output?: unknown;
  /** Why an `unsent` effect did not go out. */
  error?: { name: string; message: string };
}

export interface ApplyOptions {
  executors: Executors;
  dryRun: boolean;
  /** Called for every effect as it is applied or recorded (the local tools print from it). */
  onEffect?: (applied: AppliedEffect) => void;
  /** Steps claimed beside the plan's own, for the executors that use them. */
  held?: ExecutionContext["held"];
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
      const execute = options.executors[effect.type] as
        | ((e: PlannedEffect, context?: ExecutionContext) => Promise<unknown>)
        | undefined;
      if (!execute) throw new ConfigurationError(`no executor for effect ${effect.type} in this runtime`);
      try {
        result = { effect, status: "applied", output: await execute(effect, options.held && { held: options.held }) };
      } catch (cause) {
        const missing = secretNotSet(cause);
        if (!missing) throw new PartialApplyError(effect.type, applied, { cause });
        result = { effect, status: "unsent", error: { name: missing.name, message: missing.message } };
      }
    }
    applied.push(result);
    options.onEffect?.(result);
  }
  return applied;
}

/** The SecretNotSetError behind a failure, however the adapter wrapped it. */
function secretNotSet(error: unknown): SecretNotSetError | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof SecretNotSetError) return e;
  }
  return undefined;
}
