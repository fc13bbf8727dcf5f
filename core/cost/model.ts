/**
 * The pipeline's own monthly AWS cost (issue: ≤ $5/month at the Enterprise tier, excluding the alarms the seed
 * would pay for anyway). Traffic comes from the tier (users → invoices → webhook changes) and from assumptions
 * about incidents, each stated in `assumptions` and overridable with counts the simulator measured.
 */

import { SERVICES, TIERS, type TierId } from "../matrix/tiers.js";
import { reconciledAlarms } from "../reconcile/input.js";
import { RECONCILE } from "../reconcile/spec.js";
import { PRICES } from "./prices.js";

export interface Workload {
  /** Invoices finalized per month. */
  invoices: number;
  /** Alarm episodes (ALARM → OK) per month across the matrix's reaction rows. */
  episodes: number;
  /** Follow-ups per episode (scale steps, re-pages), on average. */
  followUpsPerEpisode: number;
}

export interface CostInput {
  tier: TierId;
  workload: Workload;
  /** Alarms the stacks create, from the synthesized templates, split by who asked for them. */
  alarms: { matrix: number; matrixMetrics: number; pipeline: number; pipelineMetrics: number };
  /**
   * Custom metrics the collector publishes: `always` every minute (what an alarm watches), `nearAlarm` only in the
   * minutes close to the alarm whose decision reads them. CloudWatch prorates a custom metric by the hours it was
   * sent. Log-only fields cost nothing here (their bytes are in the logs line).
   */
  customMetrics: { always: number; nearAlarm: number };
  /** Lambda event sources reading an SQS queue, from the synthesized templates: each long-polls even when idle. */
  sqsConsumers: number;
}

export interface CostLine {
  service: string;
  what: string;
  usd: number;
}

/** Assumptions, stated: change them here, or pass measured counts. */
export const ASSUMPTIONS = {
  /** Users the open-ended Enterprise tier is costed at. */
  enterpriseUsers: 200_000,
  invoicesPerUserMonth: 0.5,
  /** Webhook calls per invoice: insert, edits, finalize. */
  webhooksPerInvoice: 3,
  episodesPerMonth: { startup: 4, growth: 10, scale: 20, enterprise: 40 } as Record<TierId, number>,
  followUpsPerEpisode: 4,
  /** Slack button clicks (slack-actions) per episode: a pause and its resume. */
  slackClicksPerEpisode: 2,
  memoryGb: 0.5,
  /** Billed milliseconds per invocation (Lambda bills per ms). */
  durationMs: { reaction: 400, collector: 300, sweep: 300, ingest: 60, worker: 400, reconcile: 300, slackClick: 200 },
  /** CloudWatch Logs written per invocation (Powertools JSON lines). */
  logKbPerInvocation: 1.5,
  /** State-table writes per reaction step (claim, done, audit, episode, action, notification state). */
  writesPerStep: 6,
  readsPerStep: 8,
  pdfKb: 40,
  /**
   * Receives a minute on a queue a Lambda event source consumes (the follow-up queues, the invoice queue, the
   * ingest's fallback queue): the event source long-polls an empty queue with five pollers of 20 s each, whether
   * or not anything arrives. The receives that carry messages are in the invoice-jobs line.
   */
  idleReceivesPerMinutePerConsumer: 15,
  minutesPerMonth: 43_200,
  /**
   * Share of the month's hours in which Supabase connection utilisation reaches 60 % at least once, so the
   * connection counts are sent as metrics (core/supabase/metrics.ts). A pool sized for its load runs well below;
   * 10 % (72 hours) is a busy month's guess.
   */
  nearAlarmHoursShare: 0.1,
  /**
   * A reconciler run that finds nothing to do: one DescribeAlarms, a Query per reconciled alarm's episodes and a
   * GetItem per service's floor, one audit write. A run that acts adds a step's reads and writes; lost events are
   * rare, so those are left to `writesPerStep`/`readsPerStep` of the episodes.
   */
  reconcileRun: {
    describeAlarms: 1,
    reads: reconciledAlarms("any").length + SERVICES.length,
    writes: 1,
  },
};

export function workloadOf(tier: TierId): Workload {
  const users = Number.isFinite(TIERS[tier].users.max) ? TIERS[tier].users.max : ASSUMPTIONS.enterpriseUsers;
  return {
    invoices: Math.round(users * ASSUMPTIONS.invoicesPerUserMonth),
    episodes: ASSUMPTIONS.episodesPerMonth[tier],
    followUpsPerEpisode: ASSUMPTIONS.followUpsPerEpisode,
  };
}

/**
 * Monthly cost lines and totals.
 * @example monthlyCost(input).pipelineTotal // 4.2
 */
export function monthlyCost(input: CostInput) {
  const a = ASSUMPTIONS;
  const p = PRICES;
  const { invoices, episodes, followUpsPerEpisode } = input.workload;
  const webhooks = invoices * a.webhooksPerInvoice;
  const reactionSteps = episodes * (2 + followUpsPerEpisode); // ALARM, OK and the follow-ups
  const collectorRuns = a.minutesPerMonth;
  const sweeps = a.minutesPerMonth / 15;
  const reconcileRuns = a.minutesPerMonth / RECONCILE.periodMinutes;
  const invocations = {
    reaction: reactionSteps,
    collector: collectorRuns,
    sweep: sweeps,
    ingest: webhooks,
    worker: invoices,
    reconcile: reconcileRuns,
    slackClick: episodes * a.slackClicksPerEpisode,
  };
  const gbSeconds = Object.entries(invocations).reduce(
    (sum, [kind, count]) => sum + count * (a.durationMs[kind as keyof typeof a.durationMs] / 1000) * a.memoryGb,
    0,
  );
  const idleReceives = input.sqsConsumers * a.idleReceivesPerMinutePerConsumer * a.minutesPerMonth;
  const totalInvocations = Object.values(invocations).reduce((x, y) => x + y, 0);
  const lines: CostLine[] = [
    {
      service: "Lambda",
      what: `${round(gbSeconds)} GB-s (arm64, ${a.memoryGb * 1024} MB)`,
      usd: gbSeconds * p.lambda.gbSecondArm,
    },
    {
      service: "Lambda",
      what: `${totalInvocations} requests`,
      usd: (totalInvocations / 1e6) * p.lambda.perMillionRequests,
    },
    {
      service: "EventBridge",
      what: `${webhooks} custom events on the app bus (alarm events on the default bus are free)`,
      usd: (webhooks / 1e6) * p.eventBridge.perMillionCustomEvents,
    },
    {
      service: "SQS",
      what: "invoice jobs and follow-ups: send, receive, delete",
      usd: (((invoices + episodes * followUpsPerEpisode) * 3) / 1e6) * p.sqs.perMillionRequests,
    },
    {
      service: "SQS",
      what: `${input.sqsConsumers} queues long-polled by their Lambda event sources, busy or idle (${idleReceives} receives)`,
      usd: (idleReceives / 1e6) * p.sqs.perMillionRequests,
    },
    {
      service: "DynamoDB",
      what: `state table: steps, audit, episodes, idempotency, egress ledger, ${reconcileRuns} reconciler runs (on demand)`,
      usd:
        ((reactionSteps * a.writesPerStep + invoices * 2 + collectorRuns + reconcileRuns * a.reconcileRun.writes) /
          1e6) *
          p.dynamoDb.perMillionWrites +
        ((reactionSteps * a.readsPerStep + invoices * 2 + collectorRuns + reconcileRuns * a.reconcileRun.reads) / 1e6) *
          p.dynamoDb.perMillionReads,
    },
    {
      service: "CloudWatch",
      what: `${input.alarms.pipeline} alarms of the pipeline itself (${input.alarms.pipelineMetrics} metrics)`,
      usd: input.alarms.pipelineMetrics * p.cloudWatch.alarmMetricMonth,
    },
    {
      service: "CloudWatch",
      what: `${input.customMetrics.always} custom metrics alarms watch (Hero365/Supabase, EMF)`,
      usd: input.customMetrics.always * p.cloudWatch.customMetricMonth,
    },
    {
      service: "CloudWatch",
      what: `${input.customMetrics.nearAlarm} custom metrics sent near the alarm only (${a.nearAlarmHoursShare * 100} % of hours)`,
      usd: input.customMetrics.nearAlarm * a.nearAlarmHoursShare * p.cloudWatch.customMetricMonth,
    },
    {
      service: "CloudWatch",
      what: `logs, ${round((totalInvocations * a.logKbPerInvocation) / 1024 / 1024, 2)} GB`,
      usd: ((totalInvocations * a.logKbPerInvocation) / 1024 / 1024) * p.cloudWatch.logsIngestedGb,
    },
    {
      service: "CloudWatch",
      what: "GetMetricData (diagnostics, ticket trends)",
      usd: ((episodes * 4) / 1000) * p.cloudWatch.getMetricDataPerThousandMetrics,
    },
    {
      service: "CloudWatch",
      what: `${reconcileRuns * a.reconcileRun.describeAlarms} DescribeAlarms (the reconciler, every ${RECONCILE.periodMinutes} min)`,
      usd: ((reconcileRuns * a.reconcileRun.describeAlarms) / 1000) * p.cloudWatch.perThousandApiRequests,
    },
    {
      service: "AAS/ECS",
      what: "the reconciler's DescribeScalableTargets, DescribeServices, RegisterScalableTarget (no charge)",
      usd: 0,
    },
    {
      service: "S3",
      what: `${invoices} PDFs (PUT + a month of storage)`,
      usd: (invoices / 1000) * p.s3.perThousandPuts + ((invoices * a.pdfKb) / 1024 / 1024) * p.s3.gbMonth,
    },
    { service: "SNS", what: "notifications", usd: ((reactionSteps * 2) / 1e6) * p.sns.perMillionPublishes },
  ].map((line) => ({ ...line, usd: round(line.usd, 4) }));
  const matrixAlarms = round(input.alarms.matrixMetrics * p.cloudWatch.alarmMetricMonth, 4);
  const pipelineTotal = round(
    lines.reduce((sum, l) => sum + l.usd, 0),
    2,
  );
  const dominant = [...lines].sort((x, y) => y.usd - x.usd).slice(0, 3);
  return { lines, pipelineTotal, matrixAlarms, withMatrixAlarms: round(pipelineTotal + matrixAlarms, 2), dominant };
}

function round(value: number, digits = 1): number {
  return Number(value.toFixed(digits));
}
