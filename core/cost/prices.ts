/**
 * AWS list prices the pipeline's own cost is computed from: us-east-1, on demand, read 2026-11 from each
 * service's pricing page (aws.amazon.com/<service>/pricing). Free tiers are left out on purpose: the model
 * answers "what does the pipeline add to the bill", not "what is free this year".
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
