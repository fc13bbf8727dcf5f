/**
 * "CloudWatch Alarm State Change" on the default bus (source `aws.cloudwatch`).
 * Optional fields follow what CloudWatch really sends: metric-math alarms' previous state may lack
 * `reasonData`, composite alarms have `alarmRule` and no metrics, multi-time-series alarms have no
 * `previousState`. Unknown keys are kept.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
 */
import * as z from "zod";
import { EventIdSchema } from "./event-id.js";

export const ALARM_STATES = ["OK", "ALARM", "INSUFFICIENT_DATA"] as const;
export type AlarmStateValue = (typeof ALARM_STATES)[number];

/**
 * An instant as CloudWatch writes it, ISO 8601 with an offset whose colon is optional
 * (`2026-11-27T14:21:09.845+0000`). Decisions compute episode keys, durations and follow-up times from it, so it
 * must be a real instant.
 */
export const CloudWatchTimestampSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/, "expected an ISO 8601 instant")
  .refine((value) => Number.isFinite(Date.parse(value)), "expected an ISO 8601 instant");

/**
 * CloudWatch's own limits (PutMetricAlarm, SetAlarmState): an alarm name of 1–255 characters, a state reason of
 * at most 1,023, its reason data of at most 4,000. An event beyond them is not CloudWatch's, and would not fit
 * the state table's keys and records (a DynamoDB item holds 400 KB, a sort key 1 KB).
 */
export const ALARM_NAME_MAX = 255;
const REASON_MAX = 1023;
const REASON_DATA_MAX = 4000;

export const AlarmStateSchema = z.looseObject({
  value: z.enum(ALARM_STATES),
  reason: z.string().max(REASON_MAX),
  /** A JSON string; see `ReasonDataSchema`. */
  reasonData: z.string().max(REASON_DATA_MAX).optional(),
  timestamp: CloudWatchTimestampSchema,
  /** Composite alarms: `WaitPeriod`, `ExtensionPeriod` or `Alarm` while their actions are suppressed. */
  actionsSuppressedBy: z.string().optional(),
  actionsSuppressedReason: z.string().optional(),
});

const MetricStatSchema = z.looseObject({
  metric: z.looseObject({
    namespace: z.string(),
    name: z.string(),
    dimensions: z.record(z.string(), z.string()).optional(),
  }),
  period: z.number(),
  stat: z.string(),
  unit: z.string().optional(),
});

export const AlarmMetricSchema = z.looseObject({
  id: z.string(),
  expression: z.string().optional(),
  label: z.string().optional(),
  returnData: z.boolean().optional(),
  metricStat: MetricStatSchema.optional(),
});

export const AlarmStateChangeDetailSchema = z.looseObject({
  alarmName: z.string().min(1).max(ALARM_NAME_MAX),
  state: AlarmStateSchema,
  previousState: AlarmStateSchema.optional(),
  configuration: z.looseObject({
    description: z.string().optional(),
    metrics: z.array(AlarmMetricSchema).optional(),
    alarmRule: z.string().optional(),
  }),
});

export const AlarmStateChangeEventSchema = z.looseObject({
  version: z.string().optional(),
  id: EventIdSchema,
  "detail-type": z.literal("CloudWatch Alarm State Change"),
  source: z.literal("aws.cloudwatch"),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  detail: AlarmStateChangeDetailSchema,
});

export type AlarmStateChangeEvent = z.infer<typeof AlarmStateChangeEventSchema>;
export type AlarmState = z.infer<typeof AlarmStateSchema>;

/** The parsed `state.reasonData` of a metric alarm. */
export const ReasonDataSchema = z.looseObject({
  version: z.string().optional(),
  queryDate: z.string().optional(),
  startDate: z.string().optional(),
  statistic: z.string().optional(),
  period: z.number().optional(),
  recentDatapoints: z.array(z.number()).default([]),
  threshold: z.number().optional(),
  evaluatedDatapoints: z
    .array(
      z.looseObject({
        timestamp: z.string(),
        sampleCount: z.number().optional(),
        value: z.number().optional(),
      }),
    )
    .optional(),
});
export type ReasonData = z.infer<typeof ReasonDataSchema>;
