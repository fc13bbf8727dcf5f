/**
 * Every AWS list price the project computes with, in one place: on demand, read 2026-11 from each service's
 * pricing page (aws.amazon.com/<service>/pricing). Free tiers are left out on purpose: the model answers "what
 * does the pipeline add to the bill", not "what is free this year".
 */

/**
 * The pipeline's own services, us-east-1 (core/cost/model.ts).
 */
export const PRICES = {
  lambda: {
    /** Arm64, per GB-second (first tier). */
    gbSecondArm: 0.0000133334,
    perMillionRequests: 0.2,
  },
  eventBridge: {
    /** Custom events put on a bus (PutEvents); AWS service events on the default bus are free. */
    perMillionCustomEvents: 1.0,
  },
  sqs: { perMillionRequests: 0.4 },
  dynamoDb: {
    /** On-demand write request units (≤ 1 KB each). */
    perMillionWrites: 0.625,
    perMillionReads: 0.125,
    gbMonth: 0.25,
  },
  cloudWatch: {
    /** Standard-resolution alarm, per metric it evaluates (a metric-math alarm pays per metric). */
    alarmMetricMonth: 0.1,
    /** Custom metric (EMF included), first 10,000 metrics. */
    customMetricMonth: 0.3,
    logsIngestedGb: 0.5,
    /** GetMetricData, per 1,000 metrics requested. */
    getMetricDataPerThousandMetrics: 0.01,
    /** Other API requests (DescribeAlarms among them), per 1,000 requests: priced, though it may be free. */
    perThousandApiRequests: 0.01,
  },
  s3: { perThousandPuts: 0.005, gbMonth: 0.023 },
  sns: { perMillionPublishes: 0.5 },
} as const;

export type CpuArchitecture = "x86_64" | "arm64";

export interface FargatePrice {
  vcpuHour: number;
  gbHour: number;
}

/**
 * AWS Fargate on demand, Linux, per vCPU-hour and per GB-hour, by region and CPU architecture
 * (https://aws.amazon.com/fargate/pricing/): what a scaling step and a tier cost (core/cost/fargate.ts).
 * Regions not listed fall back to us-east-1 and say so.
 */
export const FARGATE_PRICES: Record<string, Record<CpuArchitecture, FargatePrice>> = {
  "us-east-1": { x86_64: { vcpuHour: 0.04048, gbHour: 0.004445 }, arm64: { vcpuHour: 0.03238, gbHour: 0.00356 } },
  "us-east-2": { x86_64: { vcpuHour: 0.04048, gbHour: 0.004445 }, arm64: { vcpuHour: 0.03238, gbHour: 0.00356 } },
  "us-west-2": { x86_64: { vcpuHour: 0.04048, gbHour: 0.004445 }, arm64: { vcpuHour: 0.03238, gbHour: 0.00356 } },
  "eu-west-1": { x86_64: { vcpuHour: 0.04048, gbHour: 0.004445 }, arm64: { vcpuHour: 0.03238, gbHour: 0.00356 } },
  "eu-central-1": { x86_64: { vcpuHour: 0.04656, gbHour: 0.00511 }, arm64: { vcpuHour: 0.03725, gbHour: 0.00409 } },
};
