/**
 * EventBridge's "Scheduled Event" (a `rate()` or `cron()` rule, as SST's Cron creates).
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html
 */
import * as z from "zod";

export const ScheduledEventSchema = z.looseObject({
  id: z.string().min(1),
  "detail-type": z.literal("Scheduled Event"),
  source: z.literal("aws.events"),
  time: z.iso.datetime({ offset: true }),
  resources: z.array(z.string()),
});
export type ScheduledEvent = z.infer<typeof ScheduledEventSchema>;
