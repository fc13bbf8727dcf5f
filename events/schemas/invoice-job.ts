/**
 * The invoice queue's message (the seed's "Background Processing": `{ invoiceId, businessId, action }`), and
 * the app-bus events that produce it: Supabase changes of `invoices` (put on the bus by the supabase-webhook
 * ingest) and re-render requests.
 */
import * as z from "zod";
import { EventIdSchema } from "./event-id.js";

export const INVOICE_ACTIONS = ["generate_pdf"] as const;
export type InvoiceAction = (typeof INVOICE_ACTIONS)[number];

export const InvoiceJobSchema = z.looseObject({
  invoiceId: z.uuid(),
  businessId: z.uuid(),
  action: z.enum(INVOICE_ACTIONS, {
    error: (issue) =>
      issue.input === undefined
        ? "missing action"
        : `unknown action ${JSON.stringify(issue.input)} (known: ${INVOICE_ACTIONS.join(", ")})`,
  }),
  /**
   * Set by a re-render request (its EventBridge event id): render again even when the current version already
   * has a PDF. Redeliveries of one request share it, so they render once.
   */
  requestId: z.string().min(1).max(128).optional(),
});
export type InvoiceJob = z.infer<typeof InvoiceJobSchema>;

/** The app-bus event source and detail-types the invoice rules match. */
export const SUPABASE_SOURCE = "hero365.supabase";
export const RERENDER_SOURCE = "hero365.backend";
export const RERENDER_DETAIL_TYPE = "invoices.rerender-requested";

/**
 * `invoices.rerender-requested`: render an invoice's PDF again (a template change, a lost or damaged object).
 * Put on the app bus by the Hero365 backend or an operator.
 */
export const RerenderRequestSchema = z.looseObject({
  source: z.literal(RERENDER_SOURCE),
  "detail-type": z.literal(RERENDER_DETAIL_TYPE),
  id: EventIdSchema,
  detail: z.looseObject({ invoiceId: z.uuid(), businessId: z.uuid() }),
});
export type RerenderRequest = z.infer<typeof RerenderRequestSchema>;
