/**
 * The reconciler as the stacks, the cost model and the simulator need it: its function, schedule, timing
 * margins and IAM permissions (declared here, like an action's, so the stack grants nothing else).
 */
import { FOLLOW_UP_FUNCTIONS, followUpQueueEnv } from "../actions/index.js";
import { NOTIFY } from "../actions/notify.js";
import { PAGE_ONCALL } from "../actions/page-oncall.js";
import { SCALE_OUT } from "../actions/scale-out.js";
import type { Permission } from "../actions/spec.js";

export const RECONCILE = {
  functionName: "reconcile",
  description: "converges what the reactions left behind (floors, open pages and episodes) with the alarms as they are",
  /**
   * Every 5 minutes: a lost OK heals within 5 minutes, the same order as the scale-out cooldown and the
   * alarms' own windows; a run costs ~16 state-table reads and one DescribeAlarms (see docs/reconciler.md).
   */
  schedule: "rate(5 minutes)",
  periodMinutes: 5,
  /**
   * An alarm must have been out of ALARM this long before the reconciler acts on it: its OK event is usually
   * being handled by the reaction itself within seconds, and two resolves of one episode would notify twice.
   */
  graceSeconds: 60,
  /** A follow-up chain is dead when it has been silent for its interval plus this much. */
  deadChainMarginMinutes: 5,
  /**
   * Lambda's async retries: one, within the period, so a duplicate delivery that lost the race for the period's
   * step decides again and finds the world converged; beyond that, the next period is the retry.
   */
  retryAttempts: 1,
  /** Well under the period, so two runs never overlap. */
  timeoutSeconds: 60,
  permissions: [
    { actions: ["cloudwatch:DescribeAlarms"], resources: ["stageAlarms"] },
    { actions: ["application-autoscaling:RegisterScalableTarget"], resources: ["scalableTargets"] },
    { actions: ["ecs:DescribeServices"], resources: ["ecsServices"] },
    {
      actions: ["application-autoscaling:DescribeScalableTargets"],
      resources: ["any"],
      why: "Describe* of Application Auto Scaling supports no resource-level permissions",
    },
    { actions: ["ssm:GetParameter"], resources: ["killSwitchParameter"] },
    { actions: ["sqs:SendMessage"], resources: ["followUpQueue"] },
    { actions: ["sns:Publish"], resources: ["alertsTopic", "onCallTopic"] },
    // Reads by known partitions only (no Scan); DeleteItem releases an unapplied step claim; UpdateItem writes
    // one part of an episode record (core/episodes/store.ts).
    {
      actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query"],
      resources: ["stateTable"],
    },
  ] satisfies Permission[],
  /** The function's own errors: two failed runs in a row (10 minutes without convergence) alert. */
  errorsAlarm: { periodSeconds: 300, evaluationPeriods: 2, datapointsToAlarm: 2 },
} as const;

/** The environment variable naming each follow-up queue the reconciler may send to, by the function it serves. */
export const FOLLOW_UP_QUEUE_ENV: Readonly<Record<string, string>> = Object.fromEntries(
  FOLLOW_UP_FUNCTIONS.map((functionName) => [functionName, followUpQueueEnv(functionName)]),
);

/** The actions whose episodes the reconciler looks after: they notify per episode and resolve on OK. */
export const RECONCILED_ACTIONS = [SCALE_OUT.name, PAGE_ONCALL.name, NOTIFY.name] as const;

export function reconcilerErrorsAlarmName(stage: string): string {
  return `hero365-${stage}-reconcile-errors`;
}

/**
 * The scheduled period an event's time falls in: runs of one period share one step key (exactly once).
 * @example periodStart(new Date("2026-11-27T18:07:12Z")).toISOString() // "2026-11-27T18:05:00.000Z"
 */
export function periodStart(at: Date): Date {
  const ms = RECONCILE.periodMinutes * 60_000;
  return new Date(Math.floor(at.getTime() / ms) * ms);
}
