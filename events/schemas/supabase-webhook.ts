/**
 * Supabase Database Webhook payload: `{ type, table, schema, record, old_record }`.
 * https://supabase.com/docs/guides/database/webhooks
 */
import * as z from "zod";

const Row = z.record(z.string(), z.unknown());

export const SupabaseWebhookSchema = z.discriminatedUnion("type", [
  z.looseObject({
    type: z.literal("INSERT"),
    table: z.string().min(1),
    schema: z.string().min(1),
    record: Row,
    old_record: z.null(),
  }),
  z.looseObject({
    type: z.literal("UPDATE"),
    table: z.string().min(1),
    schema: z.string().min(1),
    record: Row,
    old_record: Row,
  }),
  z.looseObject({
    type: z.literal("DELETE"),
    table: z.string().min(1),
    schema: z.string().min(1),
    record: z.null(),
    old_record: Row,
  }),
]);

export type SupabaseWebhook = z.infer<typeof SupabaseWebhookSchema>;
