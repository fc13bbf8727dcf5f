/**
 * The human summary of a local invocation (stderr): the decision and its code, every effect (the
 * collector's EMF metrics too), the error of each failed SQS record, huge values cut to a readable length.
 */
import type { AppliedEffect } from "../../core/kernel/applier.js";
import { SUPABASE_NAMESPACE } from "../../core/matrix/rows.js";
import type { MetricDatum } from "../../core/supabase/metrics.js";
import { clipLines, clipText, clipValue } from "./clip.js";
import type { FailedRecord } from "./record-failures.js";

/** What the collector handed its metrics sink: one EMF log line in Lambda. */
export interface PublishedMetrics {
  dimensions: Record<string, string>;
  data: MetricDatum[];
  metadata?: Record<string, string>;
}

export interface SummaryInput {
  fn: string;
  eventFile: string;
  stage: string;
  live: boolean;
  /** The stage as the config file says (shadow mode, no PagerDuty) rather than as if live. */
  asConfigured?: boolean;
  effects: AppliedEffect["effect"][];
  metrics: PublishedMetrics[];
  failedRecords: FailedRecord[];
  result: unknown;
  error?: { name: string; message: string };
}

/** Block Kit of one message can run to hundreds of lines (an investigation's log excerpts). */
const MAX_BLOCK_LINES = 80;

export function summaryLines(input: SummaryInput): string[] {
  const mode = input.live ? "LIVE" : `dry-run, ${input.asConfigured ? "as configured" : "as if live"}`;
  const lines = [`${input.fn} <- ${input.eventFile} (stage ${input.stage}, ${mode})`];
  const result = input.result as {
    outcome?: string;
    code?: string;
    reason?: string;
    status?: string;
    batchItemFailures?: { itemIdentifier: string }[];
    statusCode?: number;
    body?: string;
  } | null;
  if (input.error) lines.push(`  failed: ${input.error.name}: ${clipText(input.error.message)}`);
  if (result?.outcome) {
    const code = result.code ? ` ${result.code}` : "";
    lines.push(`  decision: ${result.outcome}${code} (${result.status}): ${clipText(result.reason ?? "")}`);
  }
  if (typeof result?.statusCode === "number") {
    lines.push(`  response: ${result.statusCode} ${clipText(result.body ?? "")}`);
  }
  for (const effect of input.effects) {
    lines.push(`  effect ${describeEffect(effect)}`);
    const blocks = effectBlocks(effect);
    if (blocks) lines.push(blocks);
  }
  for (const metrics of input.metrics) lines.push(`  effect ${describeMetrics(metrics)}`);
  if (result?.batchItemFailures) lines.push(...failedRecordLines(result.batchItemFailures, input.failedRecords));
  if (!input.error && input.effects.length === 0 && input.metrics.length === 0) lines.push("  no effects");
  return lines;
}

function failedRecordLines(failures: { itemIdentifier: string }[], known: FailedRecord[]): string[] {
  if (failures.length === 0) return ["  failed records: none"];
  return [
    `  failed records: ${failures.length}`,
    ...failures.map(({ itemIdentifier }) => {
      const failed = known.find((r) => r.id === itemIdentifier);
      const why = failed ? `${failed.error.name}: ${clipText(failed.error.message)}` : "(its error was not seen)";
      return `    ${itemIdentifier}: ${why}`;
    }),
  ];
}

/** One line per effect for the human summary: its type, what it targets, and why. */
export function describeEffect(effect: AppliedEffect["effect"]): string {
  const target = effectTarget(effect);
  return clipText(`${effect.type}${target ? ` ${target}` : ""} — ${effect.reason}`, 600);
}

/** The collector's metrics as the EMF line a Lambda would print, which CloudWatch turns into metrics. */
export function describeMetrics({ dimensions, data, metadata }: PublishedMetrics): string {
  const where = Object.entries(dimensions)
    .map(([name, value]) => `${name}=${value}`)
    .join(" ");
  const values = data.map((d) => `${d.name} ${d.value} ${d.unit}${d.logOnly ? " (log field)" : ""}`).join(", ");
  const about = Object.entries(metadata ?? {})
    .map(([name, value]) => `${name} ${value}`)
    .join(", ");
  return clipText(`metrics (EMF) ${SUPABASE_NAMESPACE} ${where}: ${values}${about ? ` — ${about}` : ""}`, 600);
}

/** A Slack message's Block Kit as it would be sent, indented under its effect line; undefined for others. */
export function effectBlocks(effect: AppliedEffect["effect"]): string | undefined {
  if (!("blocks" in effect)) return undefined;
  const text = `    blocks: ${JSON.stringify(clipValue(effect.blocks), null, 2).replace(/\n/g, "\n    ")}`;
  return clipLines(text, MAX_BLOCK_LINES, "    ");
}

function effectTarget(effect: AppliedEffect["effect"]): string {
  switch (effect.type) {
    case "sns.Publish":
      return `to ${effect.topic}: "${effect.subject}"`;
    case "applicationautoscaling.RegisterScalableTarget":
      return `${effect.resourceId} minCapacity=${effect.minCapacity}`;
    case "ecs.UpdateService":
      return `${effect.cluster}/${effect.service} desiredCount=${effect.desiredCount}`;
    case "sqs.SendMessage":
      return effect.queue === "followUps"
        ? `${effect.queue} in ${effect.delaySeconds} s (step ${effect.body.step})`
        : `${effect.queue}: ${effect.body.length} bytes`;
    case "sqs.SendMessageBatch":
      return `${effect.queue}: ${effect.entries.length} messages`;
    case "events.PutEvents":
      return `to the ${effect.bus} bus: ${effect.entries.map((e) => `${e.source} ${e.detailType}`).join(", ")}`;
    case "dynamodb.PutItem":
      return `${effect.item.pk}`;
    case "dynamodb.UpdateItem":
      return `${effect.pk} ${Object.keys(effect.set).join(", ")}`;
    case "s3.PutObject":
      return `${effect.key} in bucket ${effect.bucket} (${effect.contentType}, ${effect.body.byteLength} bytes)`;
    case "postgres.invoices.update":
      return `invoice ${effect.invoiceId} at version ${effect.expectedVersion}: pdf ${effect.set.pdfKey}`;
    case "pagerduty.trigger":
      return `dedup_key=${effect.dedupKey} severity=${effect.severity}: "${clipText(effect.summary, 120)}"`;
    case "pagerduty.resolve":
      return `dedup_key=${effect.dedupKey}`;
    case "slack.chat.postMessage":
      return `to ${effect.channel}${effect.threadTs ? ` thread ${effect.threadTs}` : ""}: "${clipText(effect.text)}"`;
    case "slack.chat.update":
      return `to ${effect.channel} ts=${effect.ts}: "${clipText(effect.text)}"`;
    case "slack.webhook.post":
      return `to the incoming webhook: "${clipText(effect.text)}"`;
    case "webhook.post":
      return `${effect.event} ${effect.ticketKey}`;
    default:
      return "";
  }
}
