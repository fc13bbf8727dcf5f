/**
 * Carries out a decided plan safely: claim the step (exactly once), apply or record the effects, mark the
 * step done, and audit — holds and duplicates included. A failure rethrows, so the event's source retries it
 * (and its DLQ keeps it if it keeps failing): if nothing was applied the retry decides afresh; if some effects
 * were, it resumes the same plan after them.
 */
import { type AppliedEffect, applyEffects, PartialApplyError } from "./applier.js";
import { type AuditRecord, writeAudit } from "./audit.js";
import { StepInProgressError } from "./errors.js";
import type { Plan } from "./plan.js";
import type { Executors, ItemStore } from "./ports.js";
import { claimStep, completeStep, failStep, releaseStep } from "./steps.js";

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
  plan: Plan,
  meta: { subject: string; eventId: string },
  ctx: ReactionContext,
): Promise<ReactionResult> {
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
  if (key) {
    const claim = await claimStep(ctx.store, key, at, 60, plan.effects);
    if (claim.status === "done") {
      await audit("duplicate", []);
      return result("duplicate", []);
    }
    if (claim.status === "busy") throw new StepInProgressError(key);
    if (claim.status === "resumed") {
      // Resume what an earlier delivery planned and half applied; its first effects are already done.
      effects = claim.effects;
      skipped = claim.applied;
    }
  }
  let applied: AppliedEffect[];
  try {
    applied = await applyEffects(effects.slice(skipped), ctx);
  } catch (error) {
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
  ]);
  return result(status, applied);
}
