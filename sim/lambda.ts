/**
 * The functions as Lambda runs them, in simulated time: the real handlers invoked with the simulated world
 * as their runtime; asynchronous invocations (EventBridge targets) retried twice, then dead-lettered; the
 * follow-up queue delivering due messages as SQS batches, a failed record visible again after the visibility
 * timeout, dead-lettered after its last receive. Each invocation's decisions (its audit records) and the
 * effects they applied go on the timeline.
 */
import { createHash } from "node:crypto";
import { parseAlarmName } from "../core/alarms/name.js";
import type { AuditRecord } from "../core/kernel/audit.js";
import type { AlarmTarget } from "../core/matrix/rows.js";
import { FOLLOW_UP_MAX_RECEIVES, RETRY } from "../stacks/lib/delivery.js";
import type { FollowUpMessage } from "./executors.js";
import { type InvokeOutput, loadHandler, run, UsageError } from "./local/local-invoke.js";
import type { Agenda } from "./queue.js";
import type { Random } from "./random.js";
import type { SimRuntime } from "./runtime.js";
import { addEntry, type EffectRecord, type EntryKind, type Records } from "./timeline.js";

/** Lambda retries a failed asynchronous invocation after about 1 and then 2 more minutes. */
export const ASYNC_RETRY_DELAYS_MS = [60_000, 120_000];
/** A follow-up that failed becomes visible again after the queue's visibility timeout (6 × 30 s). */
export const VISIBILITY_TIMEOUT_MS = 180_000;

export type EffectNote = Omit<EffectRecord, "at" | "functionName">;

export interface LambdaContext {
  agenda: Agenda;
  now(): number;
  records: Records;
  random: Random;
  stage: string;
  region: string;
}

interface Message {
  messageId: string;
  functionName: string;
  body: string;
  sentAt: number;
  receiveCount: number;
}

type Handler = Awaited<ReturnType<typeof loadHandler>>;

export class Lambdas {
  /** Invocations by events and follow-ups (scheduled runs are counted in `scheduledRuns`). */
  invocations = 0;
  /** Scheduled runs by function, and how many of them acted (planned something). */
  readonly scheduledRuns = new Map<string, { runs: number; acted: number }>();
  /** Follow-ups on the queue, not yet received. */
  queued = 0;
  private runtime: SimRuntime | undefined;
  private readonly handlers = new Map<string, Handler>();
  /** The current invocation's effect notes not yet claimed by an audit record, and its decisions. */
  private notes: EffectNote[] = [];
  private audits: { audit: AuditRecord; notes: EffectNote[] }[] = [];
  private readonly lostFollowUps: string[] = [];

  constructor(private readonly ctx: LambdaContext) {}

  /**
   * An invocation whose decisions and effects stay off the timeline and out of `invocations` (the webhook
   * ingest path: its caller counts and puts what happened on the timeline, per minute). Returns
   * what the handler answered; a failure is the caller's to handle (a Function URL is invoked synchronously,
   * an SQS event source reports its records).
   */
  async invokeSilently(fn: string, payload: unknown): Promise<InvokeOutput | undefined> {
    // Their logs too (a record failing at every retry of an outage is an ERROR line each): the agenda runs one
    // thing at a time, so nothing else logs meanwhile.
    const saved = { error: console.error, warn: console.warn, info: console.info, log: console.log };
    const mute = () => {};
    Object.assign(console, { error: mute, warn: mute, info: mute, log: mute });
    try {
      return await this.call(fn, payload, "silent", false, true);
    } finally {
      Object.assign(console, saved);
    }
  }

  /** A scheduled run known to find nothing to do, counted without invoking the function. */
  countScheduledRun(fn: string): void {
    const counted = this.scheduledRuns.get(fn) ?? { runs: 0, acted: 0 };
    this.scheduledRuns.set(fn, { ...counted, runs: counted.runs + 1 });
  }

  /** The next follow-up each listed function sends is lost (a scenario's `loseFollowUp`). */
  loseNextFollowUp(functionName: string): void {
    this.lostFollowUps.push(functionName);
  }

  /** The runtime every invocation gets (its executors and store report back through `note` and `audited`). */
  use(runtime: SimRuntime): void {
    this.runtime = runtime;
  }

  /** An effect was applied: what it did. */
  note(note: EffectNote): void {
    this.notes.push(note);
  }

  /** A decision was audited: it owns the effects applied since the previous one. */
  audited(audit: AuditRecord): void {
    this.audits.push({ audit, notes: this.notes.splice(0) });
  }

  /**
   * An asynchronous invocation (an EventBridge rule's target). `quiet`: a decision with nothing to apply stays
   * off the timeline (a scheduled run that found nothing to do); `retries`: the function's async retries, when
   * they are not the reactions' (RETRY).
   */
  async invokeAsync(
    fn: string,
    payload: unknown,
    via: string,
    attempt = 1,
    options: { quiet?: boolean; retries?: number } = {},
  ): Promise<void> {
    const output = await this.call(fn, payload, via, options.quiet);
    if (!output?.error) return;
    const error = `${output.error.name}: ${output.error.message}`;
    if (attempt > (options.retries ?? RETRY.attempts)) {
      this.fail(fn, error, "dead-letter queue (retries exhausted)");
      return;
    }
    const delay = ASYNC_RETRY_DELAYS_MS[attempt - 1] ?? 120_000;
    this.fail(fn, error, `Lambda retries in ${delay / 1000} s`);
    this.ctx.agenda.schedule(this.ctx.now() + delay, () =>
      this.invokeAsync(fn, payload, `retry ${attempt} of ${via}`, attempt + 1, options),
    );
  }

  /** `sqs.SendMessage` to a follow-up queue: the function that sent it receives it when the delay is over. */
  sendMessage(effect: FollowUpMessage): string {
    const messageId = this.ctx.random.uuid();
    const lost = this.lostFollowUps.indexOf(effect.body.functionName);
    if (lost >= 0) {
      // Accepted by SQS, then never processed (as if every receive failed until the DLQ took it).
      this.lostFollowUps.splice(lost, 1);
      this.entry(
        "scenario",
        parseAlarmName(effect.body.alarmName)?.target,
        "lost",
        `the follow-up of ${effect.body.functionName} (step ${effect.body.step}) is lost: its chain stops here`,
      );
      return messageId;
    }
    const message: Message = {
      messageId,
      functionName: effect.body.functionName,
      body: JSON.stringify(effect.body),
      sentAt: this.ctx.now(),
      receiveCount: 1,
    };
    this.queued++;
    this.ctx.agenda.schedule(this.ctx.now() + effect.delaySeconds * 1000, () => this.receive(message));
    return messageId;
  }

  private async receive(message: Message): Promise<void> {
    this.queued--;
    const output = await this.call(message.functionName, this.sqsEvent(message), "follow-up");
    const failed =
      !output ||
      output.error !== undefined ||
      ((output.result as { batchItemFailures?: unknown[] } | null)?.batchItemFailures?.length ?? 0) > 0;
    if (!failed) return;
    const error = output?.error
      ? `${output.error.name}: ${output.error.message}`
      : "the record failed (batchItemFailures)";
    if (message.receiveCount >= FOLLOW_UP_MAX_RECEIVES) {
      this.fail(message.functionName, error, `dead-letter queue after ${message.receiveCount} receives`);
      return;
    }
    this.fail(message.functionName, error, `visible again in ${VISIBILITY_TIMEOUT_MS / 1000} s`);
    this.queued++;
    this.ctx.agenda.schedule(this.ctx.now() + VISIBILITY_TIMEOUT_MS, () =>
      this.receive({ ...message, receiveCount: message.receiveCount + 1 }),
    );
  }

  private sqsEvent(message: Message) {
    return {
      Records: [
        {
          messageId: message.messageId,
          receiptHandle: `sim-${message.messageId}-${message.receiveCount}`,
          body: message.body,
          attributes: {
            ApproximateReceiveCount: String(message.receiveCount),
            SentTimestamp: String(message.sentAt),
            SenderId: "SIMULATOR",
            ApproximateFirstReceiveTimestamp: String(this.ctx.now()),
          },
          messageAttributes: {},
          md5OfBody: createHash("md5").update(message.body).digest("hex"),
          eventSource: "aws:sqs",
          eventSourceARN: `arn:aws:sqs:${this.ctx.region}:123456789012:${message.functionName}-follow-ups`,
          awsRegion: this.ctx.region,
        },
      ],
    };
  }

  /** One invocation of a real handler; its decisions and effects go on the timeline. */
  private async call(
    fn: string,
    payload: unknown,
    via: string,
    quiet = false,
    silent = false,
  ): Promise<InvokeOutput | undefined> {
    let handler = this.handlers.get(fn);
    if (!handler) {
      try {
        handler = await loadHandler(fn);
      } catch (error) {
        if (error instanceof UsageError) {
          this.fail(fn, error.message, "dropped: no such function");
          return undefined;
        }
        // A function that cannot even load fails every invocation, as in Lambda: retried, then dead-lettered.
        const { name, message } = error as Error;
        return { function: fn, ok: false, effects: [], result: null, error: { name, message } };
      }
      this.handlers.set(fn, handler);
    }
    this.notes = [];
    this.audits = [];
    const output = await run(fn, handler, payload, this.ctx.stage, this.runtime);
    if (silent) {
      this.notes = [];
      this.audits = [];
      return output;
    }
    const idle =
      quiet && this.audits.every(({ audit }) => audit.outcome === "nothing-to-apply" && audit.plan.outcome === "skip");
    if (quiet) {
      const counted = this.scheduledRuns.get(fn) ?? { runs: 0, acted: 0 };
      this.scheduledRuns.set(fn, { runs: counted.runs + 1, acted: counted.acted + (idle || output.error ? 0 : 1) });
    } else {
      this.invocations++;
    }
    // A scheduled run that found nothing to do stays quiet: no decision on the timeline.
    if (idle && !output.error) this.audits = [];
    for (const { audit, notes } of this.audits) {
      const target = parseAlarmName(audit.subject)?.target;
      const { outcome, code, reason } = audit.plan;
      this.ctx.records.decisions.push({
        at: this.ctx.now(),
        functionName: fn,
        via,
        subject: audit.subject,
        ...(target && { target }),
        outcome,
        ...(code && { code }),
        reason,
        status: audit.outcome,
      });
      const marker = via === "follow-up" ? " [follow-up]" : "";
      this.entry("decision", target, fn, `${outcome}${code ? ` (${code})` : ""}: ${reason}${marker}`);
      this.effectsDone(fn, notes, target, audit.subject);
    }
    // Effects applied before a failure stay applied: show them too.
    this.effectsDone(fn, this.notes.splice(0));
    return output;
  }

  /** What the decision's effects did; an effect that names no target is about the decision's. */
  private effectsDone(fn: string, notes: readonly EffectNote[], target?: AlarmTarget, subject?: string): void {
    for (const note of notes) {
      const about = note.target ?? target;
      this.ctx.records.effects.push({
        at: this.ctx.now(),
        functionName: fn,
        ...note,
        ...(about && { target: about }),
        ...(subject && { subject }),
      });
      if (note.category === "state") continue;
      const kind =
        note.category === "notification" ? "notification" : note.category === "side-effect" ? "side-effect" : "effect";
      this.entry(kind, about, note.type, note.text, true);
    }
  }

  private fail(fn: string, error: string, next: string): void {
    this.ctx.records.failures.push({ at: this.ctx.now(), functionName: fn, error, next });
    this.entry("error", undefined, fn, `${error} → ${next}`);
  }

  private entry(kind: EntryKind, target: AlarmTarget | undefined, label: string, text: string, nested = false): void {
    addEntry(this.ctx.records, { at: this.ctx.now(), kind, target, label, text, nested });
  }
}
