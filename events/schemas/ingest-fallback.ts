/**
 * A message of the ingest's fallback queue: a Supabase row change PutEvents refused, with everything needed
 * to put it on the app bus as it would have been (written by core/ingest/ingest.ts, read by ingest-redrive).
 */
import * as z from "zod";

export const IngestFallbackMessageSchema = z.looseObject({
  bus: z.literal("app"),
  source: z.string().min(1).max(256),
  detailType: z.string().min(1).max(128),
  /** The webhook body, a JSON object as text, byte for byte as received. */
  detail: z.string().refine(
    (text) => {
      try {
        const value: unknown = JSON.parse(text);
        return typeof value === "object" && value !== null && !Array.isArray(value);
      } catch {
        return false;
      }
    },
    { error: "detail must be a JSON object as text" },
  ),
  webhookId: z.string().min(1),
  receivedAt: z.iso.datetime(),
  failure: z.string(),
});
export type IngestFallbackMessage = z.infer<typeof IngestFallbackMessageSchema>;
