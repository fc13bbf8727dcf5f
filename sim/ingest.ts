/**
 * The webhook ingest path in simulated time. Invoices finalized in Supabase arrive as signed database
 * webhooks at the real `supabase-webhook` handler (a Function URL: invoked synchronously, its answer counted);
 * its PutEvents goes to the simulated app bus, whose deployed rules route each invoice event to the invoice
 * worker's queue, where every job is counted per invoice. During an EventBridge outage PutEvents fails, the
 * handler keeps the event in the fallback queue and still answers 202; the real `ingest-redrive` consumes that
 * queue as Lambda's event source does: batches of up to 10 visible messages, a failed record hidden for the
 * backoff the handler asks (ChangeMessageVisibility) or else the queue's visibility timeout, dead-lettered
 * after its last receive. The alarm events CloudWatch puts on the default bus are not affected by the outage
 * in this model: only the PutEvents API is.
 */
import { createHash } from "node:crypto";
import type { EventsPutEvents } from "../core/ingest/effects.js";
import type { SqsChangeMessageVisibility, SqsSendMessage } from "../core/kernel/queues.js";
import { functionUrlEvent } from "../scripts/lib/function-url-server.js";
import { signedHeaders } from "../scripts/lib/sign-webhook.js";
import { REDRIVE_MAX_RECEIVES, REDRIVE_TIMEOUT_SECONDS } from "../stacks/lib/delivery.js";
import type { Lambdas } from "./lambda.js";
import type { DeployedRule } from "./local/rules.js";
import { routedBy } from "./local/rules.js";
import type { Agenda } from "./queue.js";
import type { Random } from "./random.js";
import type { EntryKind } from "./timeline.js";

/** The webhook secret the simulated database signs with, and the ingest checks against (runtime.ts). */
export const SIM_WEBHOOK_SECRET = `whsec_${Buffer.from("sim-fake-webhook-secret-32-bytes").toString("base64")}`;
/** The fallback queue's visibility timeout (stacks/Ingest.ts): a received message is hidden this long. */
export const FALLBACK_VISIBILITY_MS = 10 * REDRIVE_TIMEOUT_SECONDS * 1000;
/** The queue the invoice worker consumes, by its logical id in the Invoices stack. */
const WORKER_QUEUE = /^InvoiceQueue/;
const BUSINESS_ID = "b8e1d4f2-5a3c-4e9b-8f7d-2c6a1e0b9d45";

export interface IngestContext {
  agenda: Agenda;
  now(): number;
  random: Random;
  lambdas: Lambdas;
  rules: readonly DeployedRule[];
  region: string;
  entry(kind: EntryKind, label: string, text: string, nested?: boolean): void;
}

export type FallbackMessage = Extract<SqsSendMessage, { queue: "ingestFallback" }>;
export type FallbackVisibility = SqsChangeMessageVisibility;

/** What the ingest path did over the run; `lost` must be 0 and `duplicateJobs` too. */
export interface IngestSummary {
  /** Webhooks the database sent. */
  webhooks: number;
  /** Answered 2xx: on the bus, or kept in the fallback queue. */
  accepted: number;
  /** Answered otherwise (4xx, 5xx): the database does not retry these. */
  refused: number;
  /** Put on the app bus at once. */
  forwarded: number;
  /** Kept in the fallback queue because PutEvents failed. */
  kept: number;
  /** Put on the app bus later by ingest-redrive. */
  redriven: number;
  /** ingest-redrive invocations, and the records they failed (refused again, to be retried). */
  redriveInvocations: number;
  redriveFailures: number;
  /** Still in the fallback queue at the end (waiting for a retry), and parked in its DLQ. */
  stillKept: number;
  deadLettered: number;
  /**
   * Jobs the app bus routed to the invoice worker's queue; invoices with more than one; accepted ones with
   * none that are neither still waiting in the fallback queue nor parked in its DLQ.
   */
  jobs: number;
  duplicateJobs: number;
  lost: number;
  /** The longest a kept webhook waited between being accepted and reaching the worker's queue, in seconds. */
  maxDelaySeconds: number;
}

interface Kept {
  messageId: string;
  body: string;
  attributes: Record<string, string>;
  receives: number;
  visibleAt: number;
}

export class SimIngest {
  private outageUntil = Number.NEGATIVE_INFINITY;
  private readonly fallback = new Map<string, Kept>();
  private readonly polls = new Set<number>();
  /** Invoices whose kept webhook was dead-lettered: parked, not lost (the DLQ alarm calls a human). */
  private readonly parked = new Set<string | undefined>();
  /** Per invoice id: when its webhook was accepted, and how many jobs reached the worker's queue. */
  private readonly invoices = new Map<string, { acceptedAt: number; jobs: number; kept: boolean }>();
  private readonly counts = {
    webhooks: 0,
    accepted: 0,
    refused: 0,
    forwarded: 0,
    kept: 0,
    redriven: 0,
    redriveInvocations: 0,
    redriveFailures: 0,
    deadLettered: 0,
    maxDelaySeconds: 0,
  };
  constructor(private readonly ctx: IngestContext) {}

  /** EventBridge refuses every PutEvents from now for `minutes`. */
  outage(minutes: number): void {
    this.outageUntil = this.ctx.now() + minutes * 60_000;
    this.ctx.entry("scenario", "EventBridge", `outage: every PutEvents fails (500) for ${minutes} min`);
    this.ctx.agenda.schedule(this.outageUntil, () =>
      this.ctx.entry("scenario", "EventBridge", "outage over: PutEvents answers again"),
    );
  }

  /** `count` webhooks spread over the minute starting now. */
  scheduleMinute(count: number): void {
    const start = this.ctx.now();
    for (let i = 0; i < count; i++) {
      this.ctx.agenda.schedule(start + Math.floor((i * 60_000) / count), () => this.webhook());
    }
  }

  /** The counts when the timeline last heard of them: it hears what changed once a minute, not per webhook. */
  private reported = { ...this.counts };
  private reportScheduled = false;

  private reportSoon(): void {
    if (this.reportScheduled) return;
    this.reportScheduled = true;
    this.ctx.agenda.schedule(Math.floor(this.ctx.now() / 60_000) * 60_000 + 59_999, () => this.report());
  }

  private report(): void {
    const since = (key: keyof SimIngest["counts"]) => this.counts[key] - this.reported[key];
    const [kept, refused, redriven, tries, parked] = (
      ["kept", "refused", "redriven", "redriveInvocations", "deadLettered"] as const
    ).map(since) as [number, number, number, number, number];
    const retried = since("redriveFailures") - parked;
    this.reported = { ...this.counts };
    this.reportScheduled = false;
    const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    if (kept > 0)
      this.ctx.entry(
        "side-effect",
        "supabase-webhook",
        `${plural(kept, "webhook", "webhooks")} answered 202 and kept in the fallback queue: PutEvents failed`,
      );
    if (refused > 0) this.ctx.entry("error", "supabase-webhook", `${plural(refused, "webhook", "webhooks")} refused`);
    if (tries === 0) return;
    const lastTry = Math.max(0, ...[...this.fallback.values()].map((m) => m.visibleAt - this.ctx.now()));
    const parts = [
      redriven > 0 && `${redriven} put on the app bus`,
      retried > 0 &&
        `${plural(retried, "try", "tries")} refused again, ${this.fallback.size} waiting (each tried again within ${Math.round(lastTry / 1000)} s)`,
      parked > 0 && `${parked} dead-lettered after ${REDRIVE_MAX_RECEIVES} receives`,
    ].filter(Boolean);
    this.ctx.entry(
      parked > 0 ? "error" : "side-effect",
      "ingest-redrive",
      `${plural(tries, "batch", "batches")}: ${parts.join("; ")}`,
    );
  }

  /** One invoice finalized: the database's signed webhook to the real ingest. */
  private async webhook(): Promise<void> {
    const at = new Date(this.ctx.now());
    const id = this.ctx.random.uuid();
    const body = JSON.stringify({
      type: "INSERT",
      table: "invoices",
      schema: "public",
      record: {
        id,
        business_id: BUSINESS_ID,
        invoice_number: `INV-SIM-${this.counts.webhooks + 1}`,
        status: "finalized",
        currency: "USD",
        total_cents: 13_531,
        created_at: at.toISOString(),
        updated_at: at.toISOString(),
      },
      old_record: null,
    });
    this.counts.webhooks++;
    const headers = signedHeaders(body, SIM_WEBHOOK_SECRET, { id: `msg_${id.replaceAll("-", "")}`, at });
    const event = functionUrlEvent({
      method: "POST",
      target: "/",
      headers,
      body: Buffer.from(body),
      sourceIp: "10.0.0.1",
      host: "ingest.lambda-url.simulated",
      at,
    });
    this.invoices.set(id, { acceptedAt: at.getTime(), jobs: 0, kept: false });
    const output = await this.ctx.lambdas.invokeSilently("supabase-webhook", event);
    const answer = output?.error ? undefined : (output?.result as { statusCode?: number; body?: string } | null);
    const status = answer?.statusCode ?? 0;
    if (status >= 200 && status < 300) {
      this.counts.accepted++;
      // The ingest says where the event went: "forwarded" to the bus, or "queued" in the fallback queue.
      if ((JSON.parse(answer?.body ?? "{}") as { status?: string }).status === "queued") {
        this.counts.kept++;
        (this.invoices.get(id) as { kept: boolean }).kept = true;
      } else this.counts.forwarded++;
    } else {
      this.counts.refused++;
      this.invoices.delete(id);
    }
    this.reportSoon();
  }

  /** `events.PutEvents`: refused during an outage; otherwise each entry routed by the app bus's rules. */
  putEvents(effect: EventsPutEvents): { eventIds: string[] } {
    if (this.ctx.now() < this.outageUntil) {
      throw Object.assign(new Error("We encountered an internal error. Please try again."), {
        name: "InternalException",
        $metadata: { httpStatusCode: 500 },
      });
    }
    const eventIds: string[] = [];
    for (const entry of effect.entries) {
      const eventId = this.ctx.random.uuid();
      eventIds.push(eventId);
      const event = {
        version: "0",
        id: eventId,
        "detail-type": entry.detailType,
        source: entry.source,
        account: "123456789012",
        time: new Date(this.ctx.now()).toISOString().replace(/\.\d{3}Z$/, "Z"),
        region: this.ctx.region,
        resources: [],
        detail: JSON.parse(entry.detail) as { record?: { id?: string } },
      };
      for (const rule of routedBy(this.ctx.rules, effect.bus, event)) {
        if (!rule.queues.some((q) => WORKER_QUEUE.test(q))) continue;
        const invoice = event.detail.record?.id;
        const seen = invoice ? this.invoices.get(invoice) : undefined;
        if (!invoice || !seen) continue;
        seen.jobs++;
        if (seen.kept) {
          const waited = Math.round((this.ctx.now() - seen.acceptedAt) / 1000);
          this.counts.maxDelaySeconds = Math.max(this.counts.maxDelaySeconds, waited);
        }
      }
    }
    return { eventIds };
  }

  /** `sqs.SendMessage` to the fallback queue: the message waits for the event source's next poll. */
  keep(effect: FallbackMessage): { messageId: string } {
    const messageId = this.ctx.random.uuid();
    this.fallback.set(messageId, {
      messageId,
      body: effect.body,
      attributes: effect.attributes,
      receives: 0,
      visibleAt: this.ctx.now(),
    });
    this.pollAt(this.ctx.now());
    return { messageId };
  }

  /** `sqs.ChangeMessageVisibility`: ingest-redrive's backoff for a record it failed. */
  hide(effect: FallbackVisibility): Record<string, never> {
    const kept = [...this.fallback.values()].find((m) => receiptHandle(m) === effect.receiptHandle);
    if (kept) kept.visibleAt = this.ctx.now() + effect.visibilityTimeoutSeconds * 1000;
    return {};
  }

  private pollAt(at: number): void {
    if (this.polls.has(at)) return;
    this.polls.add(at);
    this.ctx.agenda.schedule(at, async () => {
      this.polls.delete(at);
      await this.poll();
    });
  }

  /** The event source's receive: up to 10 visible messages to one ingest-redrive invocation. */
  private async poll(): Promise<void> {
    const now = this.ctx.now();
    // The agenda runs one thing at a time: nothing else receives while this batch's invocation runs.
    const batch = [...this.fallback.values()].filter((m) => m.visibleAt <= now).slice(0, 10);
    if (batch.length === 0) return this.pollNext();
    for (const message of batch) {
      message.receives++;
      message.visibleAt = now + FALLBACK_VISIBILITY_MS;
    }
    this.counts.redriveInvocations++;
    const output = await this.ctx.lambdas.invokeSilently("ingest-redrive", this.sqsEvent(batch));
    const failures = new Set(
      output?.error
        ? batch.map((m) => m.messageId)
        : (
            (output?.result as { batchItemFailures?: { itemIdentifier: string }[] } | null)?.batchItemFailures ?? []
          ).map((f) => f.itemIdentifier),
    );
    for (const message of batch) {
      if (!failures.has(message.messageId)) {
        this.fallback.delete(message.messageId);
        this.counts.redriven++;
      } else if (message.receives >= REDRIVE_MAX_RECEIVES) {
        this.fallback.delete(message.messageId);
        this.parked.add(invoiceOf(message.body));
        this.counts.deadLettered++;
      }
    }
    this.counts.redriveFailures += failures.size;
    this.reportSoon();
    this.pollNext();
  }

  /** The next receive: now if more are visible, else when the first hidden message comes back. */
  private pollNext(): void {
    const waiting = [...this.fallback.values()];
    if (waiting.length === 0) return;
    this.pollAt(Math.max(this.ctx.now(), Math.min(...waiting.map((m) => m.visibleAt))));
  }

  private sqsEvent(batch: readonly Kept[]) {
    return {
      Records: batch.map((m) => ({
        messageId: m.messageId,
        receiptHandle: receiptHandle(m),
        body: m.body,
        attributes: {
          ApproximateReceiveCount: String(m.receives),
          SentTimestamp: String(this.ctx.now()),
          SenderId: "SIMULATOR",
          ApproximateFirstReceiveTimestamp: String(this.ctx.now()),
        },
        messageAttributes: Object.fromEntries(
          Object.entries(m.attributes).map(([k, v]) => [k, { dataType: "String", stringValue: v }]),
        ),
        md5OfBody: createHash("md5").update(m.body).digest("hex"),
        eventSource: "aws:sqs",
        eventSourceARN: `arn:aws:sqs:${this.ctx.region}:123456789012:supabase-webhook-fallback`,
        awsRegion: this.ctx.region,
      })),
    };
  }

  summary(): IngestSummary | undefined {
    if (this.counts.webhooks === 0 && this.fallback.size === 0) return undefined;
    let jobs = 0;
    let duplicateJobs = 0;
    let lost = 0;
    const waiting = new Set([...this.fallback.values()].map((m) => invoiceOf(m.body)));
    for (const [id, invoice] of this.invoices) {
      jobs += invoice.jobs;
      if (invoice.jobs > 1) duplicateJobs++;
      if (invoice.jobs === 0 && !waiting.has(id) && !this.parked.has(id)) lost++;
    }
    return { ...this.counts, stillKept: this.fallback.size, jobs, duplicateJobs, lost };
  }
}

function receiptHandle(m: Kept): string {
  return `sim-${m.messageId}-${m.receives}`;
}

function invoiceOf(body: string): string | undefined {
  try {
    const { detail } = JSON.parse(body) as { detail: string };
    return (JSON.parse(detail) as { record?: { id?: string } }).record?.id;
  } catch {
    return undefined;
  }
}
