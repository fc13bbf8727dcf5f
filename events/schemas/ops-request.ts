/**
 * An on-demand request from an operator (`aws lambda invoke`, or an event on the app bus), shaped like an
 * EventBridge event so both routes carry the same payload.
 */
import * as z from "zod";

export const OPS_SOURCE = "hero365.ops";

export const OptimizeQueryRequestSchema = z.looseObject({
  version: z.string().optional(),
  id: z.string().min(1),
  "detail-type": z.literal("Optimize Query Report Requested"),
  source: z.literal(OPS_SOURCE),
  time: z.string().min(1),
  detail: z.looseObject({
    /** Who asked, for the audit record and the notice. */
    requestedBy: z.string().min(1),
    note: z.string().optional(),
  }),
});

export type OptimizeQueryRequest = z.infer<typeof OptimizeQueryRequestSchema>;
