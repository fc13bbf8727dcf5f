/**
 * Carries out a decided plan safely: claim the step (exactly once), apply or record the effects, mark the
 * step done, and audit — holds and duplicates included. A failure rethrows, so the event's source retries it
 * (and its DLQ keeps it if it keeps failing): if nothing was applied the retry decides afresh; if some effects
 * were, it resumes the same plan after them. A plan still completing (a page waiting for its diagnostics) is
 * claimed first and completed while the claim is in flight.
 */
import { type AppliedEffect, applyEffects, PartialApplyError } from "./applier.js";
import { type AuditRecord, writeAudit } from "./audit.js";
import { Hero365Error, StepInProgressError } from "./errors.js";
import { type Plan, recorded } from "./plan.js";
import type { Executors, ItemStore } from "./ports.js";
import { claimFreeStep, claimStep, completeStep, failStep, HeldSteps, releaseStep } from "./steps.js";

export interface ReactionContext {
  functionName: string;
  stage: string;
  store: ItemStore;
  executors: Executors;
  dryRun: boolean;
  now: () => Date;
  onEffect?: (applied: AppliedEffect) => void;
}

export interface ReactionResult {
  outcome: Plan["outcome"];
  code?: string;
  reason: string;
  mode: AuditRecord["mode"];
  status: AuditRecord["outcome"];
  /** What happened to each planned effect; the effects themselves are in the audit record. */
  effects: { type: string; status: AppliedEffect["status"] }[];
}

export async function carryOut(
  decided: Plan,
  meta: { subject: string; eventId: string },
  ctx: ReactionContext,
): Promise<ReactionResult> {
  // A plan still completing (`Plan.completing`) is replaced by its completion once its step is claimed; a
  // duplicate or a resumed step never asks for it.
  let plan = recorded(decided);
  const mode = ctx.dryRun ? "dry-run" : "live";
  const at = ctx.now();
  const audit = (status: AuditRecord["outcome"], applied: AppliedEffect[], error?: Error) =>
    writeAudit(ctx.store, {
      subject: meta.subject,
      at: at.toISOString(),
      functionName: ctx.functionName,
      stage: ctx.stage,
      eventId: meta.eventId,
      plan,
      mode,
      outcome: status,
      applied,
      ...(error && { error: { name: error.name, message: error.message } }),
    });
  const result = (status: AuditRecord["outcome"], effects: AppliedEffect[]): ReactionResult => ({
    outcome: plan.outcome,
    ...(plan.code && { code: plan.code }),
    reason: plan.reason,
    mode,
    status,
    effects: effects.map(({ effect, status }) => ({ type: effect.type, status })),
  });

  if (plan.effects.length === 0) {
    await audit("nothing-to-apply", []);
    return result("nothing-to-apply", []);
  }
  const key = plan.stepKey;
  let effects = plan.effects;
  let skipped = 0;
  const held = new HeldSteps();
  // Completed while the step's claim is in flight; used only if the claim holds.
  const completing = decided.completing?.();
  completing?.catch(() => {});
  if (key) {
    // The steps the effects need beside this one are claimed in the same round trip (nothing to hold in dry-run).
    const alongside = ctx.dryRun ? [] : (plan.alongside ?? []);
    // A completing plan's claim records its provisional effects: an in-progress claim's effects are never read
    // (a retry resumes from the ones `failStep` records).
    const claiming = Promise.all([
      claimStep(ctx.store, key, at, 60, plan.effects),
      // A failed claim beside is one not taken: its executor claims it itself, and reports what fails.
      Promise.all(alongside.map((a) => claimFreeStep(ctx.store, a.key, at, a.leaseSeconds).catch(() => false))),
    ]);
    const [claim, free] = await claiming;
    held.add(alongside.filter((_, i) => free[i]).map((a) => a.key));
    if (claim.status === "done") {
      await Promise.all([held.release(ctx.store), audit("duplicate", [])]);
      return result("duplicate", []);
    }
    if (claim.status === "busy") {
      await held.release(ctx.store);
      throw new StepInProgressError(key);
    }
    if (claim.status === "resumed") {
      // Resume what an earlier delivery planned and half applied; its first effects are already done. Its
      // executors claim what they need themselves.
      await held.release(ctx.store);
      effects = claim.effects;
      skipped = claim.applied;
    }
  }
  if (completing && skipped === 0 && effects === plan.effects) {
    try {
      plan = completion(plan, await completing);
    } catch (error) {
      // Nothing applied: the step is given back and the retry decides afresh.
      await Promise.all([key && releaseStep(ctx.store, key), held.release(ctx.store)]);
      await audit("failed", [], error as Error);
      throw error;
    }
    effects = plan.effects;
  }
  let applied: AppliedEffect[];
  try {
    applied = await applyEffects(effects.slice(skipped), { ...ctx, held });
  } catch (error) {
    // A step an executor took is its own to complete or release; the others go back.
    await held.release(ctx.store);
    const done = skipped + (error instanceof PartialApplyError ? error.applied.length : 0);
    // Nothing applied: the retry decides afresh. Part applied: the retry resumes this plan, never re-decides
    // from a half-changed world.
    if (key && done === 0) await releaseStep(ctx.store, key);
    else if (key) await failStep(ctx.store, key, ctx.now(), effects, done, error as Error);
    await audit("failed", error instanceof PartialApplyError ? error.applied : [], error as Error);
    throw error;
  }
  // Applied: the step marked done and the audit written together, one round trip. Either failing now is not
  // a failure to apply (the step is never released after its effects): its lease keeps a retry from applying
  // again until it expires, and then the retry decides afresh from the world these effects changed.
  const status = ctx.dryRun ? "recorded" : "applied";
  await Promise.all([
    key &&
      completeStep(
        ctx.store,
        key,
        ctx.now(),
        applied.map((a) => a.status),
      ),
    audit(status, applied),
    held.release(ctx.store),
  ]);
  return result(status, applied);
}

/** The completed plan, checked to be the one whose step was claimed: only the effects' contents may differ. */
function completion(provisional: Plan, completed: Plan): Plan {
  const types = (p: Plan) => p.effects.map((e) => e.type).join(",");
  if (
    completed.stepKey !== provisional.stepKey ||
    completed.outcome !== provisional.outcome ||
    types(completed) !== types(provisional)
  ) {
    throw new Hero365Error(
      `a completing plan changed its step, outcome or effects (${provisional.stepKey} ${provisional.outcome} [${types(provisional)}] → ${completed.stepKey} ${completed.outcome} [${types(completed)}])`,
    );
  }
  return recorded(completed);
}
