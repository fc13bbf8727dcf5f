/**
 * An EventBridge event's `id`. EventBridge's are UUIDs; one from `aws lambda invoke` may be anything short.
 * Far longer is nobody's id, and would not fit the state table (the id keys steps and audit records: DynamoDB
 * keys hold 1–2 KB, an item 400 KB).
 */
import * as z from "zod";

export const EVENT_ID_MAX = 256;

export const EventIdSchema = z.string().min(1).max(EVENT_ID_MAX);
