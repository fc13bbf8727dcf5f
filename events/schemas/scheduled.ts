/**
 * "Scheduled Event" from an EventBridge schedule rule (source `aws.events`).
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html
 */
import * as z from "zod";
import { EventIdSchema } from "./event-id.js";

export const ScheduledEventSchema = z.looseObject({
  version: z.string().optional(),
  id: EventIdSchema,
  "detail-type": z.literal("Scheduled Event"),
  source: z.literal("aws.events"),
  account: z.string(),
  time: z.string().min(1),
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.looseObject({}),
});

export type ScheduledEvent = z.infer<typeof ScheduledEventSchema>;
