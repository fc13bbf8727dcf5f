/**
 * An on-demand request from an operator (`aws lambda invoke`, or an event on the app bus), shaped like an
 * EventBridge event so both routes carry the same payload.
 */
import * as z from "zod";
import { EventIdSchema } from "./event-id.js";

export const OPS_SOURCE = "hero365.ops";

export const OptimizeQueryRequestSchema = z.looseObject({
  version: z.string().optional(),
  id: EventIdSchema,
  "detail-type": z.literal("Optimize Query Report Requested"),
  source: z.literal(OPS_SOURCE),
  /** When it was asked: an instant, as EventBridge writes it (it keys the report's episode). */
  time: z.iso.datetime({ offset: true }),
  // Bounded like a human's words: the request is quoted in the notice, the step record and the audit.
  detail: z.looseObject({
    /** Who asked, for the audit record and the notice. */
    requestedBy: z.string().min(1).max(256),
    note: z.string().max(4000).optional(),
  }),
});

export type OptimizeQueryRequest = z.infer<typeof OptimizeQueryRequestSchema>;
