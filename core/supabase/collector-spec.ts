/**
 * The collector as the stacks need it: its function, schedule and IAM permissions (declared here, like an
 * action's, so the stack grants nothing else), and the alarm that notices it failing or not running.
 */
import type { Permission } from "../actions/spec.js";
import { SUPABASE_METRICS } from "./metrics.js";

export const COLLECTOR = {
  functionName: "supabase-metrics",
  description: "publishes Supabase connection and egress metrics (EMF, Hero365/Supabase) every minute",
  schedule: "rate(1 minute)",
  permissions: [
    // The month-to-date egress ledger: a read and a conditional write per run.
    { actions: ["dynamodb:GetItem", "dynamodb:PutItem"], resources: ["stateTable"] },
  ] satisfies Permission[],
  /**
   * Each run publishes CollectorErrors (0 or 1). The alarm fires when 3 of the last 5 minutes failed or
   * published nothing at all (missing = breaching): a collector that stopped running is noticed too, and
   * the two Supabase rows keep their last state meanwhile (their treatMissingData is `missing`).
   */
  errorsAlarm: {
    metricName: SUPABASE_METRICS.collectorErrors,
    periodSeconds: 60,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
    treatMissingData: "breaching",
  },
} as const;

export function collectorAlarmName(stage: string): string {
  return `hero365-${stage}-supabase-metrics-collector`;
}
