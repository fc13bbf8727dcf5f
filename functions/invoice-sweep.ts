import { planInvoiceSweep, SWEEP, sweepCutoff } from "../core/invoices/decide-sweep.js";
import { invoiceRepository, invoiceRuntime } from "./lib/invoices.js";
import { scheduledReaction } from "./lib/scheduled-reaction.js";

/** Every 15 minutes: enqueue again the finalized invoices still without a current PDF. */
export const handler = scheduledReaction(
  "invoice-sweep",
  async (_event, runtime) => {
    const now = runtime.now();
    const due = await (await invoiceRepository(runtime)).needingPdf(sweepCutoff(now), SWEEP.limit);
    return planInvoiceSweep({ due, now });
  },
  invoiceRuntime,
);
