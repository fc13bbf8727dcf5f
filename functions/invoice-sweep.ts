import { planInvoiceSweep, SWEEP, sweepCutoff } from "../core/invoices/decide-sweep.js";
import { reaction } from "./lib/reaction.js";
import { invoiceRuntime } from "./lib/runtimes.js";
import { schedule } from "./lib/sources/schedule.js";

/** Every 15 minutes: enqueue again the finalized invoices still without a current PDF. */
export const handler = reaction("invoice-sweep", {
  runtime: invoiceRuntime,
  sources: [
    schedule(async (_event, runtime) => {
      const now = runtime.now();
      const due = await (await runtime.invoices()).needingPdf(sweepCutoff(now), SWEEP.limit);
      return planInvoiceSweep({ due, now });
    }),
  ],
});
