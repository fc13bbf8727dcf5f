/**
 * The reconciliation sweep: Supabase sends a database webhook once and never retries it, so an invoice whose
 * change was lost on the way (or whose job was parked in the DLQ) is found here and enqueued again.
 */
import type { InvoiceJob } from "../../events/schemas/invoice-job.js";
import { effect, type PlannedEffect } from "../kernel/effects.js";
import "./effects.js";
import { type Plan, skip } from "../kernel/plan.js";
import type { InvoiceRef } from "./model.js";

export const SWEEP = {
  /** A change younger than this is probably still on its way through the webhook and the queue. */
  graceMinutes: 5,
  /** At most this many invoices per run; the next run (15 minutes later) takes the rest. */
  limit: 500,
} as const;

const SQS_BATCH = 10;

/** Invoices changed before this instant are due for the sweep. */
export function sweepCutoff(now: Date): Date {
  return new Date(now.getTime() - SWEEP.graceMinutes * 60_000);
}

/**
 * One `generate_pdf` job per invoice found, in SendMessageBatch calls of ten.
 * @example planInvoiceSweep({ due: [], now }).code // "nothing-due"
 */
export function planInvoiceSweep({ due, now }: { due: readonly InvoiceRef[]; now: Date }): Plan {
  if (due.length === 0) {
    return skip("nothing-due", `every finalized invoice changed before ${sweepCutoff(now).toISOString()} has its PDF`);
  }
  const effects: PlannedEffect[] = [];
  for (let i = 0; i < due.length; i += SQS_BATCH) {
    const chunk = due.slice(i, i + SQS_BATCH);
    effects.push(
      effect(
        {
          type: "sqs.SendMessageBatch",
          queue: "invoices",
          entries: chunk.map((ref, j) => ({ id: `invoice-${i + j}`, body: job(ref) })),
        },
        `${chunk.length} finalized invoice(s) without a PDF of their current version, oldest change ${chunk[0]?.updatedAt.toISOString()}`,
      ),
    );
  }
  return {
    outcome: "act",
    reason: `enqueue ${due.length} invoice(s) again: finalized more than ${SWEEP.graceMinutes} minutes ago and still without a current PDF${due.length === SWEEP.limit ? " (limit reached: the next run takes the rest)" : ""}`,
    effects,
  };
}

function job(ref: InvoiceRef): InvoiceJob {
  return { invoiceId: ref.invoiceId, businessId: ref.businessId, action: "generate_pdf" };
}
