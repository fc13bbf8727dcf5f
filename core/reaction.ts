/**
 * Carries out a decided plan safely: claim the step (exactly once), apply or record the effects, mark the
 * step done, and audit — holds and duplicates included. A failure releases the claim and rethrows, so the
 * event's source retries it and its DLQ keeps it if it keeps failing.
 */
import { type AppliedEffect, applyEffects } from "./applier.js";
import { type AuditRecord, writeAudit } from "./audit.js";
import { StepInProgressError } from "./errors.js";
import type { Plan } from "./plan.js";
import type { Executors, ItemStore } from "./ports.js";
import { claimStep, completeStep, releaseStep } from "./steps.js";

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
  if (key) {
    const claim = await claimStep(ctx.store, key, at);
    if (claim === "done") {
      await audit("duplicate", []);
      return result("duplicate", []);
    }
    if (claim === "busy") throw new StepInProgressError(key);
  }
  try {
    const applied = await applyEffects(plan.effects, ctx);
    if (key)
      await completeStep(
        ctx.store,
        key,
        ctx.now(),
        applied.map((a) => a.status),
      );
    const status = ctx.dryRun ? "recorded" : "applied";
    await audit(status, applied);
    return result(status, applied);
  } catch (error) {
    if (key) await releaseStep(ctx.store, key);
    await audit("failed", [], error as Error);
    throw error;
  }
}
