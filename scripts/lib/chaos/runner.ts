/**
 * Runs one chaos history: the real handlers, routed by the deployed rules, over the state table (dynalite,
 * under the history's own key prefix) and the simulator's ECS/AAS world and executors; the alarms do what
 * the history says, their events are delivered as it says, AWS throttles and invocations fail as it says.
 * Lambda retries failed asynchronous invocations twice, then dead-letters them (an alarm event in the DLQ is
 * redriven a day later, once); follow-ups come back through SQS (visibility timeout, 3 receives, then the
 * DLQ); the reconciler runs every 5 minutes when functions/reconcile.ts exists. Checks run throughout (checks.ts).
 */
import type { AuditRecord } from "../../../core/kernel/audit.js";
import { SERVICES, type Service, TIERS } from "../../../core/matrix/tiers.js";
import { RECONCILE } from "../../../core/reconcile/spec.js";
import type { SimAlarm } from "../../../sim/cloudwatch.js";
import { SimService } from "../../../sim/ecs.js";
import type { FollowUpMessage } from "../../../sim/executors.js";
import { ASYNC_RETRY_DELAYS_MS, type EffectNote, type Lambdas, VISIBILITY_TIMEOUT_MS } from "../../../sim/lambda.js";
import { run } from "../../../sim/local/local-invoke.js";
import { routedBy } from "../../../sim/local/rules.js";
import { loadWorld, worldRuntime } from "../../../sim/local/world.js";
import { Agenda } from "../../../sim/queue.js";
import { type SimRuntime, simRuntime } from "../../../sim/runtime.js";
import { SimWorld } from "../../../sim/world.js";
import { FOLLOW_UP_MAX_RECEIVES, RETRY } from "../../../stacks/lib/delivery.js";
import { Checks, clock, type Violation } from "./checks.js";
import { type ChaosEnvironment, RECONCILER } from "./environment.js";
import { alarmState, stateChangeEvent } from "./events.js";
import { withThrottling } from "./faults.js";
import { type History, type Transition, transitionsOf } from "./history.js";
import { type InvocationRecord, observedRuntime, type Trigger } from "./observers.js";
import { describeDelivery, type FollowUpDelivery, late, scheduledEvent, sqsEvent } from "./payloads.js";
import { prefixedStore } from "./store.js";

/** Histories start here; CloudWatch evaluates a minute ~21 s after it ends, as the samples show. */
export const START = Date.parse("2026-11-27T00:00:00.000Z");
const EVALUATION_LAG_MS = 21_310;
export const RECONCILE_EVERY_MS = 5 * 60_000;
const TASK_START_MS = 60_000;
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** A history that has not gone quiet by then is a failure of its own. */
const MAX_SPAN_MS = 10 * DAY;
const MAX_INVOCATIONS = 4_000;
/** At most this many reconciler runs in a row are skipped as repeats of a run that did nothing. */
const MAX_SKIPPED_TICKS = 3;

export interface RunOptions {
  /** Run the reconciler on its schedule (when functions/reconcile.ts exists). */
  reconciler: boolean;
  /** The history's key prefix in the shared state table. */
  id: string;
}

export interface TimelineLine {
  at: number;
  text: string;
  /** A reconciler run that found nothing to do: counted, not printed. */
  routine?: boolean;
}

export interface HistoryReport {
  violations: Violation[];
  timeline: TimelineLine[];
  /** Events, retries, redrives, follow-ups and schedules delivered to a function. */
  deliveries: number;
  invocations: number;
  reconcilerRuns: number;
  /** PagerDuty triggers by episode key (dedup key), their instants. */
  pages: Record<string, number[]>;
  reconciler: "ran" | "switched off" | "not present";
  quietAt: number;
}

export function runHistory(env: ChaosEnvironment, history: History, options: RunOptions): Promise<HistoryReport> {
  return new ChaosRun(env, history, options).run();
}

interface Invocation extends InvocationRecord {
  fn: string;
  audits: AuditRecord[];
  notes: EffectNote[];
}

interface Meta {
  trigger: Trigger;
  alarm?: string;
  redriven?: boolean;
}

class ChaosRun {
  private now = START;
  private readonly agenda = new Agenda();
  private readonly workTimes: number[] = [];
  private lastWorkAt = START;
  private readonly timeline: TimelineLine[] = [];
  private readonly services: Record<Service, SimService>;
  private readonly truth = new Map<string, { value: Transition["to"]; since: number; level: number }>();
  private readonly transitions: Transition[];
  private readonly checks: Checks;
  private readonly store;
  private runtime: SimRuntime | undefined;
  private current: Invocation | undefined;
  private deliveries = 0;
  private invocations = 0;
  private reconcilerRuns = 0;
  private ids = 0;
  private readonly reconcile: boolean;
  private lastTickAt = Number.NEGATIVE_INFINITY;
  private lastTickRoutine = false;
  private skippedTicks = 0;

  constructor(
    private readonly env: ChaosEnvironment,
    private readonly history: History,
    private readonly options: RunOptions,
  ) {
    const tier = TIERS[env.config.tier];
    this.services = Object.fromEntries(
      SERVICES.map((s) => [
        s,
        new SimService(
          s,
          env.config.ecs.services[s].serviceName,
          tier.services[s],
          tier.services[s].minCapacity,
          true,
          TASK_START_MS,
          new Date(START),
        ),
      ]),
    ) as Record<Service, SimService>;
    for (const alarm of env.driven) this.truth.set(alarm.name, { value: "OK", since: START - HOUR, level: 0.5 });
    this.transitions = transitionsOf(history, START + EVALUATION_LAG_MS);
    this.store = prefixedStore(env.store, `${options.id}/`);
    this.reconcile = options.reconciler && env.reconcilerPresent;
    this.checks = new Checks(
      env.config,
      env.driven,
      this.services,
      {
        state: (alarm) => this.truth.get(alarm) ?? { value: "OK", since: START - HOUR },
        alarmEnd: (alarm, openedAt) =>
          this.transitions.find((t) => t.alarm === alarm && t.to === "OK" && t.at >= openedAt)?.at ?? this.now,
      },
      () => this.now,
      this.reconcile,
    );
  }

  async run(): Promise<HistoryReport> {
    this.runtime = await this.buildRuntime();
    this.describeFaults();
    for (const t of this.transitions) this.schedule(t.at, () => this.transition(t));
    if (this.reconcile) this.schedule(START + RECONCILE_EVERY_MS, () => this.tick(), false);
    let seen = 0;
    for (let next = this.agenda.pop(); next; next = this.agenda.pop()) {
      if (next.at > START + MAX_SPAN_MS || this.invocations > MAX_INVOCATIONS) {
        this.checks.violations.push({
          at: this.now,
          invariant: "goes quiet",
          detail: `still busy after ${this.invocations} invocations, ${Math.round((next.at - START) / HOUR)} h`,
        });
        break;
      }
      this.now = Math.max(this.now, next.at);
      await next.run();
      this.checks.instant();
      seen = this.flagViolations(seen);
    }
    await this.checks.final(this.store, this.store.written());
    this.flagViolations(seen);
    return {
      violations: this.checks.violations,
      timeline: this.timeline,
      deliveries: this.deliveries,
      invocations: this.invocations,
      reconcilerRuns: this.reconcilerRuns,
      pages: this.checks.pagesByEpisode(),
      reconciler: !this.options.reconciler ? "switched off" : this.reconcile ? "ran" : "not present",
      quietAt: this.now,
    };
  }

  private flagViolations(seen: number): number {
    for (const v of this.checks.violations.slice(seen)) {
      this.timeline.push({ at: v.at, text: `✗ VIOLATED "${v.invariant}": ${v.detail}` });
    }
    return this.checks.violations.length;
  }

  private async buildRuntime(): Promise<SimRuntime> {
    const { env } = this;
    const now = () => new Date(this.now);
    const world = await loadWorld();
    Object.defineProperty(world, "now", { get: () => now().toISOString() });
    const alarms = new Map(
      env.driven.map((alarm) => [
        alarm.name,
        {
          name: alarm.name,
          current: () => {
            const t = this.truth.get(alarm.name) ?? { value: "OK" as const, since: START - HOUR, level: 0.5 };
            return alarmState(alarm, t.value, t.since, t.level);
          },
        },
      ]),
    );
    const quiet = new Set(env.alarms.map((a) => a.name).filter((name) => !alarms.has(name)));
    // The simulated world reads an alarm through `current()` only; the history is the alarms' truth here.
    const simWorld = new SimWorld(
      this.services,
      alarms as unknown as ReadonlyMap<string, SimAlarm>,
      quiet,
      new Date(START),
    );
    // simRuntime reports back through these three methods of the simulator's Lambdas.
    const hooks: Pick<Lambdas, "audited" | "note" | "sendMessage"> = {
      audited: (audit: AuditRecord) => {
        this.current?.audits.push(audit);
      },
      note: (note: EffectNote) => {
        this.current?.notes.push(note);
      },
      sendMessage: (effect: FollowUpMessage) => this.sendMessage(effect),
    };
    const runtime = simRuntime({
      base: worldRuntime(world, env.stage, env.config),
      stage: env.stage,
      config: env.config,
      now,
      world: simWorld,
      store: this.store,
      lambdas: hooks as Lambdas,
      setDesired: (service, count) => this.setDesired(service, count),
      effectTypes: env.effectTypes,
    });
    const observed = observedRuntime(runtime, {
      config: env.config,
      driven: env.driven,
      checks: this.checks,
      current: () => this.current,
    });
    return withThrottling(observed, this.history.throttles, START, {
      now: () => this.now,
      refused: (api) => this.line(`  throttled: ${api} → ThrottlingException`),
    });
  }

  private describeFaults(): void {
    for (const t of this.history.throttles) {
      this.line(`fault: ${t.api} throttles from ${clock(START + t.from * 60_000)} for ${t.minutes} min`);
    }
    if (this.history.followUpCopyAfterSeconds !== undefined) {
      this.line(`fault: SQS delivers every follow-up twice, the copy ${this.history.followUpCopyAfterSeconds} s later`);
    }
    for (const o of this.history.outages) {
      this.line(`fault: invocations of ${o.fn} fail from ${clock(START + o.from * 60_000)} for ${o.minutes} min`);
    }
  }

  private schedule(at: number, happen: () => Promise<void> | void, work = true): void {
    if (work) this.workTimes.push(at);
    this.agenda.schedule(at, async () => {
      if (work) {
        this.workTimes.splice(this.workTimes.indexOf(at), 1);
        this.lastWorkAt = at;
      }
      await happen();
    });
  }

  private line(text: string, routine = false): void {
    this.timeline.push({ at: this.now, text, ...(routine && { routine }) });
  }

  private nextId(): string {
    return `00000000-0000-4000-8000-${(++this.ids).toString(16).padStart(12, "0")}`;
  }

  private transition(t: Transition): void {
    this.truth.set(t.alarm, { value: t.to, since: t.at, level: t.level });
    this.line(`${t.alarm}: ${t.from} → ${t.to}; its event is ${describeDelivery(t.delivery)}`);
    const alarm = this.env.driven.find((a) => a.name === t.alarm);
    if (!alarm) return;
    const deployed = this.env.alarms.find((a) => a.name === t.alarm);
    const event = stateChangeEvent(alarm, deployed, t, this.nextId());
    const functions = routedBy(this.env.rules, "default", event).flatMap((r) => r.functions);
    const meta: Meta = { trigger: t.to, alarm: t.alarm };
    const send = (at: number, label: string, redriven = false) =>
      this.schedule(at, async () => {
        if (functions.length === 0) this.line(`${label}: no deployed rule routes it`);
        for (const fn of functions) await this.deliverAsync(fn, structuredClone(event), label, { ...meta, redriven });
      });
    const what = `${t.alarm} ${t.to} event of ${clock(t.at)}`;
    if (t.delivery.kind === "copies") {
      t.delivery.delaysSeconds.forEach((delay, i) => {
        const copy = t.delivery.kind === "copies" && t.delivery.delaysSeconds.length > 1 ? ` (copy ${i + 1})` : "";
        send(t.at + delay * 1000, `${what}${copy}, ${late(delay * 1000)}`);
      });
    } else if (t.delivery.kind === "redrive") {
      send(t.at + t.delivery.afterDays * DAY, `${what}, redriven from the DLQ ${t.delivery.afterDays} d late`, true);
    }
  }

  private async deliverAsync(fn: string, payload: unknown, via: string, meta: Meta, attempt = 1): Promise<void> {
    const ok = await this.invoke(fn, payload, attempt > 1 ? `${via}, Lambda retry ${attempt - 1}` : via, meta);
    if (ok) return;
    if (attempt <= RETRY.attempts) {
      const delay = ASYNC_RETRY_DELAYS_MS[attempt - 1] ?? 120_000;
      this.line(`  → Lambda retries in ${delay / 1000} s`);
      this.schedule(this.now + delay, () => this.deliverAsync(fn, payload, via, meta, attempt + 1));
      return;
    }
    if (meta.trigger === "schedule" || meta.redriven) {
      this.line(`  → dead-letter queue (retries exhausted): not redriven`);
      return;
    }
    this.line(`  → dead-letter queue (retries exhausted): redriven in 1 d`);
    this.schedule(this.now + DAY, () =>
      this.deliverAsync(fn, payload, `${via}, redriven from the DLQ`, { ...meta, redriven: true }),
    );
  }

  /** One invocation of a real handler; false when it failed (or its SQS record did). */
  private async invoke(fn: string, payload: unknown, via: string, meta: Meta): Promise<boolean> {
    this.deliveries++;
    const outage = this.history.outages.find(
      (o) => o.fn === fn && this.now >= START + o.from * 60_000 && this.now < START + (o.from + o.minutes) * 60_000,
    );
    if (outage) {
      this.line(`${fn} ← ${via}: the invocation fails (simulated outage)`);
      return false;
    }
    const handler = await this.env.handler(fn);
    this.invocations++;
    const invocation: Invocation = { fn, trigger: meta.trigger, audits: [], notes: [], scalingCalls: [] };
    if (meta.alarm) invocation.alarm = meta.alarm;
    this.current = invocation;
    const header: TimelineLine = { at: this.now, text: `${fn} ← ${via}` };
    this.timeline.push(header);
    const output = await run(fn, handler, payload, this.env.stage, this.runtime);
    this.current = undefined;
    const batchFailures = (output.result as { batchItemFailures?: unknown[] } | null)?.batchItemFailures?.length ?? 0;
    const failed = output.error !== undefined || batchFailures > 0;
    const routine =
      !failed && meta.trigger === "schedule" && invocation.audits.every((a) => a.plan.effects.length === 0);
    if (meta.trigger === "schedule") {
      this.reconcilerRuns++;
      if (!failed) this.checks.reconciled();
      this.lastTickRoutine = routine;
    }
    if (routine) header.routine = true;
    for (const audit of invocation.audits) {
      const { outcome, code, reason } = audit.plan;
      this.line(`  ${outcome}${code ? ` (${code})` : ""} [${audit.outcome}]: ${reason}`, routine);
    }
    for (const note of invocation.notes) if (note.category !== "state") this.line(`    ↳ ${note.type}: ${note.text}`);
    if (output.error) this.line(`  failed: ${output.error.name}: ${output.error.message}`);
    else if (batchFailures) this.line("  failed: the SQS record failed (batchItemFailures)");
    else this.checks.audited(fn, invocation.audits);
    this.checks.scalingCalls(
      invocation.audits.flatMap((a) => (a.plan.stepKey ? [a.plan.stepKey] : [])),
      invocation.scalingCalls,
    );
    return !failed;
  }

  private sendMessage(effect: FollowUpMessage): string {
    const message: FollowUpDelivery = {
      messageId: this.nextId(),
      body: effect.body,
      sentAt: this.now,
      receiveCount: 1,
    };
    const due = this.now + effect.delaySeconds * 1000;
    this.schedule(due, () => this.receive(message));
    const copyAfter = this.history.followUpCopyAfterSeconds;
    if (copyAfter !== undefined) this.schedule(due + copyAfter * 1000, () => this.receive(message, " (SQS duplicate)"));
    return message.messageId;
  }

  private async receive(message: FollowUpDelivery, copy = ""): Promise<void> {
    const { body } = message;
    const via = `follow-up step ${body.step} of ${body.episodeKey} (receive ${message.receiveCount})${copy}`;
    const ok = await this.invoke(body.functionName, sqsEvent(message, this.now, this.env.config.region), via, {
      trigger: "follow-up",
      alarm: body.alarmName,
    });
    if (ok) return;
    if (message.receiveCount >= FOLLOW_UP_MAX_RECEIVES) {
      this.line(`  → follow-up dead-lettered after ${message.receiveCount} receives: its chain ends here`);
      return;
    }
    this.line(`  → visible again in ${VISIBILITY_TIMEOUT_MS / 1000} s`);
    this.schedule(this.now + VISIBILITY_TIMEOUT_MS, () =>
      this.receive({ ...message, receiveCount: message.receiveCount + 1 }, copy),
    );
  }

  /** The reconciler's schedule; idle stretches (a redrive days away) are skipped, not ticked through. */
  private async tick(): Promise<void> {
    // A level-triggered run over a world and table that did not change since a run that did nothing would do
    // nothing again: up to MAX_SKIPPED_TICKS such runs in a row are skipped, for speed. Not after a run within
    // the reconciler's grace of a transition: that one did nothing because of the time, not the world.
    const unchanged = this.lastWorkAt < this.lastTickAt && this.lastTickRoutine && !this.withinGrace(this.lastTickAt);
    if (unchanged && this.skippedTicks < MAX_SKIPPED_TICKS) {
      this.skippedTicks++;
    } else {
      this.skippedTicks = 0;
      this.lastTickAt = this.now;
      const event = scheduledEvent(this.now, this.nextId());
      await this.deliverAsync(RECONCILER, event, "schedule (every 5 min)", { trigger: "schedule" });
    }
    const lastTransition = this.transitions.at(-1)?.at ?? START;
    const allOk = [...this.truth.values()].every((t) => t.value === "OK");
    const ranAfterLastWork = this.lastTickAt === this.now && this.lastWorkAt <= this.now;
    // Quiet only once a run found nothing to do past the reconciler's grace: a run that acted (lowered a floor)
    // has not shown the world converged, and one within the grace of the last transition leaves its episode
    // for the next run on purpose.
    const settled = this.lastTickRoutine && !this.withinGrace(this.now);
    if (this.workTimes.length === 0 && allOk && this.now > lastTransition && ranAfterLastWork && settled) return;
    let at = this.now + RECONCILE_EVERY_MS;
    const nextWork = Math.min(...this.workTimes);
    if (nextWork - this.now > 2 * HOUR && this.now - this.lastWorkAt > HOUR) {
      at = START + Math.ceil((nextWork - HOUR / 2 - START) / RECONCILE_EVERY_MS) * RECONCILE_EVERY_MS;
      this.line(`(nothing happens until ${clock(nextWork)}: the reconciler's runs until then are skipped)`);
    }
    this.schedule(at, () => this.tick(), false);
  }

  /** Whether an alarm transitioned less than the reconciler's grace before `at` (a run then leaves it alone). */
  private withinGrace(at: number): boolean {
    const grace = RECONCILE.graceSeconds * 1000;
    return this.transitions.some((t) => t.at <= at && at - t.at < grace);
  }

  private setDesired(service: Service, count: number): void {
    const svc = this.services[service];
    for (const ready of new Set(svc.setDesired(count, new Date(this.now)))) {
      this.schedule(ready, () => {
        svc.promote(new Date(this.now));
      });
    }
  }
}
