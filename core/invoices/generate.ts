/**
 * One `generate_pdf` job, exactly once per invoice version: read the invoice, then — inside the exactly-once
 * guard keyed by invoice, version (and re-render request) — plan and carry out. When the row changes between
 * the read and the write, the PDF is not recorded; the job reads the new version and renders it at once, so
 * the object in S3 is never left older than the row that points to it.
 */
import type { InvoiceJob } from "../../events/schemas/invoice-job.js";
import { PartialApplyError } from "../kernel/applier.js";
import { carryOut, type ReactionContext, type ReactionResult } from "../kernel/reaction.js";
import { planInvoicePdf } from "./decide-pdf.js";
import { InvoiceNotFoundError, InvoiceVersionChangedError } from "./errors.js";
import type { InvoiceDocument, InvoiceRepository } from "./model.js";

/** Runs `work` once per key, however often and however concurrently it is asked; later asks get its result. */
export type ExactlyOnce = <T extends Record<string, unknown>>(key: string, work: () => Promise<T>) => Promise<T>;

export interface InvoiceWorkerContext extends ReactionContext {
  invoices: InvoiceRepository;
  exactlyOnce: ExactlyOnce;
}

export interface InvoiceJobResult extends Record<string, unknown> {
  invoiceId: string;
  version: number;
  outcome: ReactionResult["outcome"];
  code?: string;
  status: ReactionResult["status"];
  reason: string;
  pdfKey?: string;
  /** Characters no font could draw, e.g. ["U+1F6B0"]: the PDF shows U+FFFD in their place. */
  missingCodePoints?: string[];
}

/** Renders of one job when the invoice keeps changing under it, before the job is retried later instead. */
const ATTEMPTS = 3;

/**
 * Carries out one invoice job; throws a named error for a missing invoice or one that keeps changing.
 * @example (await generateInvoicePdf(job, { eventId: record.messageId }, ctx)).status // "applied"
 */
export async function generateInvoicePdf(
  job: InvoiceJob,
  meta: { eventId: string },
  ctx: InvoiceWorkerContext,
): Promise<InvoiceJobResult> {
  let document = await read(job, ctx.invoices);
  return ctx.exactlyOnce(idempotencyKey(job, document.invoice.version, ctx.dryRun), async () => {
    for (let attempt = 1; ; attempt++) {
      const plan = await planInvoicePdf({ job, document, now: ctx.now() });
      try {
        const result = await carryOut(plan, { subject: `invoice#${job.invoiceId}`, eventId: meta.eventId }, ctx);
        const put = plan.effects.find((e) => e.type === "s3.PutObject");
        return {
          invoiceId: job.invoiceId,
          version: document.invoice.version,
          outcome: result.outcome,
          ...(result.code && { code: result.code }),
          status: result.status,
          reason: result.reason,
          ...(put && { pdfKey: put.key }),
          ...(plan.missingCodePoints && { missingCodePoints: plan.missingCodePoints }),
        };
      } catch (error) {
        if (!(error instanceof PartialApplyError && error.cause instanceof InvoiceVersionChangedError)) throw error;
        if (attempt === ATTEMPTS) throw error.cause;
        document = await read(job, ctx.invoices);
      }
    }
  });
}

/**
 * Duplicates of a job share the key; a new version of the invoice, or a new re-render request, gets a new one.
 * A dry run has its own, so switching a stage to live renders what was only recorded.
 * @example idempotencyKey({ invoiceId: "3f6c…", businessId: "b8e1…", action: "generate_pdf" }, 3, false) // "3f6c…#v3"
 */
export function idempotencyKey(job: InvoiceJob, version: number, dryRun: boolean): string {
  return `${job.invoiceId}#v${version}${job.requestId ? `#rerender#${job.requestId}` : ""}${dryRun ? "#dry-run" : ""}`;
}

async function read(job: InvoiceJob, invoices: InvoiceRepository): Promise<InvoiceDocument> {
  const document = await invoices.find(job.invoiceId, job.businessId);
  if (!document) throw new InvoiceNotFoundError(job.invoiceId, job.businessId);
  return document;
}
