/**
 * The simulation: a clock that advances from one happening to the next (metric minutes, alarm evaluations,
 * task starts, event deliveries, follow-ups coming due), the simulated world, and the real handlers the
 * deployed rules route to, invoked the way Lambda would with the simulated world as their runtime.
 */
import { createHash } from "node:crypto";
import { parseAlarmName } from "../../../core/alarm-name.js";
import type { AuditRecord } from "../../../core/audit.js";
import type { StageConfig } from "../../../core/config/index.js";
import type { SqsSendMessage } from "../../../core/follow-up.js";
import { type AlarmTarget, ROWS, targetsOf } from "../../../core/matrix.js";
import type { Item, ItemStore } from "../../../core/ports.js";
import type { SecretName } from "../../../core/secrets.js";
import { computeSpec } from "../../../core/supabase/compute.js";
import { SERVICES, type Service, TIERS, type Tier } from "../../../core/tiers.js";
import type { Runtime } from "../../../functions/lib/runtime.js";
import { FOLLOW_UP_MAX_RECEIVES, RETRY } from "../../../stacks/lib/alarm-reaction.js";
import type { DeployedAlarm } from "../alarms.js";
import { loadHandler, run, UsageError } from "../local-invoke.js";
import { type DeployedRule, routedBy } from "../rules.js";
import { type ScalingActivity, TargetTracking, trackingPolicies } from "./autoscaling.js";
import { percentileOf, serviceSignals } from "./capacity.js";
import { type SimAlarm, simAlarms, type Transition } from "./cloudwatch.js";
import { SimService } from "./ecs.js";
import { simExecutors } from "./executors.js";
import { Agenda } from "./queue.js";
import { type Random, seededRandom } from "./random.js";
import {
  type Happening,
  type Scenario,
  type ServiceMinute,
  type SupabaseMinute,
  scenarioMinutes,
  serviceSeries,
  supabaseSeries,
} from "./scenario.js";
import { type EffectRecord, emptyRecords, type Records } from "./timeline.js";
import { type MinuteRecord, SimWorld, type SupabaseMinuteRecord, supabaseHistory } from "./world.js";

/** Lambda retries a failed asynchronous invocation after about 1 and then 2 more minutes. */
const ASYNC_RETRY_DELAYS_MS = [60_000, 120_000];
/** A follow-up that failed becomes visible again after the queue's visibility timeout (6 × 30 s). */
const VISIBILITY_TIMEOUT_MS = 180_000;

export interface SimulationInput {
  scenario: Scenario;
  /** The scenario stage's configuration (`stageConfig(scenario.stage)`). */
  config: StageConfig;
  rules: readonly DeployedRule[];
  alarms: readonly DeployedAlarm[];
  store: ItemStore;
  /** Every registered effect type (effect-types.ts). */
  effectTypes: readonly string[];
  /** The runtime the local world gives handlers; the simulator overrides clock, store, readers and executors. */
  baseRuntime?: (config: StageConfig, now: () => Date) => Runtime;
  onProgress?: (progress: Progress) => void;
}

export interface Progress {
  /** 0..1 of the scenario's minutes. */
  fraction: number;
  at: number;
  invocations: number;
}

export interface AlarmSummary {
  name: string;
  row: string;
  target: AlarmTarget;
  threshold: number;
  unit: string;
  breachingMinutes: number;
  /** ALARM spans; `to` undefined when still in ALARM at the end. */
  spans: { from: number; to?: number }[];
}

export interface SimulationResult {
  scenario: Scenario;
  config: StageConfig;
  tier: Tier;
  start: number;
  end: number;
  /** Services with a load trace. */
  services: Service[];
  minutes: Partial<Record<Service, MinuteRecord[]>>;
  supabase: SupabaseMinuteRecord[];
  alarms: AlarmSummary[];
  records: Records;
  billedTaskSeconds: Partial<Record<Service, number>>;
  invocations: number;
  /** Follow-ups still on the queue when the scenario ended. */
  pendingFollowUps: number;
  /** The event rules the run routed through. */
  rules: { name: string; functions: string[] }[];
  /**
   * Scheduled rules are not run: their functions collect (the Supabase metrics), and the scenario's traces
   * stand for what they would have published.
   */
  scheduled: { name: string; functions: string[]; schedule: string }[];
}

interface Message {
  messageId: string;
  functionName: string;
  body: string;
  sentAt: number;
  receiveCount: number;
}

type Handler = Awaited<ReturnType<typeof loadHandler>>;

export async function simulate(input: SimulationInput): Promise<SimulationResult> {
  return new Simulation(input).run();
}

class Simulation {
  private clock: number;
  private readonly agenda = new Agenda();
  private readonly random: Random;
  private readonly config: StageConfig;
  private readonly tier: Tier;
  private readonly start: Date;
  private readonly minutes: number;
  private readonly world: SimWorld;
  private readonly traces: Partial<Record<Service, ServiceMinute[]>> = {};
  private readonly supabaseTrace: SupabaseMinute[] | undefined;
  private readonly simulated: SimAlarm[];
  private readonly tracking: Partial<Record<Service, TargetTracking>> = {};
  private readonly percentile: number;
  private readonly records: Records = emptyRecords();
  private readonly runtime: Runtime;
  private readonly handlers = new Map<string, Handler>();
  private readonly spans = new Map<string, { from: number; to?: number }[]>();
  private invocations = 0;
  private pendingFollowUps = 0;
  /** What the current invocation's effects did, and its audit records, in order. */
  private notes: Omit<EffectRecord, "at" | "functionName">[] = [];
  private audits: { audit: AuditRecord; notes: Omit<EffectRecord, "at" | "functionName">[] }[] = [];

  constructor(private readonly input: SimulationInput) {
    const { scenario } = input;
    this.start = new Date(scenario.start);
    this.clock = this.start.getTime();
    this.random = seededRandom(scenario.seed);
    this.minutes = scenarioMinutes(scenario);
    // A what-if tier changes what the handlers see, not what the stage deploys.
    this.config = scenario.tier ? { ...input.config, tier: scenario.tier } : input.config;
    this.tier = TIERS[this.config.tier];
    this.percentile = percentileOf(this.config.responseTimeStatistic);

    const services = {} as Record<Service, SimService>;
    SERVICES.forEach((service, index) => {
      const trace = scenario.services[service];
      const size = this.tier.services[service];
      services[service] = new SimService(
        service,
        this.config.ecs.services[service].serviceName,
        size,
        Math.min(size.maxCapacity, trace?.initialTasks ?? size.minCapacity),
        trace?.scalableTarget ?? true,
        scenario.taskStartSeconds * 1000,
        this.start,
      );
      if (trace) {
        this.traces[service] = serviceSeries(
          trace,
          this.start,
          this.minutes,
          seededRandom(scenario.seed * 7919 + index + 1),
          scenario.noise,
        );
        if (trace.scalableTarget) this.tracking[service] = new TargetTracking(trackingPolicies(size));
      }
    });
    this.supabaseTrace = scenario.supabase && supabaseSeries(scenario.supabase, this.start, this.minutes);

    const all = simAlarms(ROWS, targetsOf, input.alarms, scenario.stage, this.config.region, this.start);
    this.simulated = all.filter((alarm) => this.hasData(alarm));
    const quiet = new Set(
      input.alarms.map((a) => a.name).filter((name) => !this.simulated.some((s) => s.name === name)),
    );
    this.world = new SimWorld(services, new Map(this.simulated.map((a) => [a.name, a])), quiet, this.start);
    this.runtime = this.buildRuntime();
  }

  async run(): Promise<SimulationResult> {
    const start = this.start.getTime();
    const end = start + this.minutes * 60_000;
    for (let m = 0; m < this.minutes; m++) this.agenda.schedule(start + (m + 1) * 60_000, () => this.tick(m));
    for (const happening of this.input.scenario.events) {
      this.agenda.schedule(start + happening.at * 60_000, () => this.happen(happening));
    }
    // The last minute's evaluations are delivered a few seconds after the end: let them land.
    const horizon = end + 60_000;
    for (let next = this.agenda.pop(); next && next.at <= horizon; next = this.agenda.pop()) {
      this.clock = next.at;
      await next.run();
    }
    for (const service of SERVICES) this.world.services[service].accrue(end);
    return {
      scenario: this.input.scenario,
      config: this.config,
      tier: this.tier,
      start,
      end,
      services: SERVICES.filter((s) => this.traces[s]),
      minutes: this.world.minutes,
      supabase: this.world.supabase,
      alarms: this.simulated.map((alarm) => ({
        name: alarm.name,
        row: alarm.row.id,
        target: alarm.target,
        threshold: alarm.row.threshold,
        unit: alarm.row.unit,
        breachingMinutes: alarm.breachingMinutes,
        spans: this.spans.get(alarm.name) ?? [],
      })),
      records: this.records,
      billedTaskSeconds: Object.fromEntries(
        SERVICES.filter((s) => this.traces[s]).map((s) => [s, this.world.services[s].billedTaskSeconds]),
      ),
      invocations: this.invocations,
      pendingFollowUps: this.pendingFollowUps,
      rules: this.input.rules.filter((r) => r.pattern).map((r) => ({ name: r.name, functions: r.functions })),
      scheduled: this.input.rules
        .filter((r) => r.schedule)
        .map((r) => ({ name: r.name, functions: r.functions, schedule: r.schedule as string })),
    };
  }

  private now = (): Date => new Date(this.clock);

  private hasData(alarm: SimAlarm): boolean {
    if (alarm.target === "supabase")
      return this.supabaseTrace?.some((m) => m[alarm.signal as keyof SupabaseMinute] !== undefined) ?? false;
    return this.traces[alarm.target] !== undefined;
  }

  /** The end of minute `m`: the minute's metrics, alarm evaluations, target tracking. */
  private async tick(m: number): Promise<void> {
    const at = this.now();
    for (const service of SERVICES) {
      const svc = this.world.services[service];
      const running = svc.closeMinute(at);
      const trace = this.traces[service]?.[m];
      if (!trace) continue;
      const model = this.input.scenario.services[service]?.model;
      const signals = serviceSignals(model as NonNullable<typeof model>, svc.size, trace.rpm, running, this.percentile);
      const record: MinuteRecord = {
        at: at.getTime(),
        rpm: trace.rpm,
        utilization: signals.utilization,
        cpu: trace.cpu ?? signals.cpu,
        memory: trace.memory ?? signals.memory,
        latency: trace.p95 ?? signals.latency,
        errorRate: trace.errorRate ?? signals.errorRate,
        requestsPerTarget: signals.requestsPerTarget,
        desired: svc.desired,
        running: svc.running,
        pending: svc.pendingCount,
        ...(svc.scalableTarget && { floor: svc.scalableTarget.minCapacity, ceiling: svc.scalableTarget.maxCapacity }),
      };
      this.world.minutes[service] ??= [];
      this.world.minutes[service].push(record);
    }
    const supabase = this.supabaseTrace?.[m];
    if (supabase) this.world.supabase.push({ at: at.getTime(), ...supabase });

    for (const alarm of this.simulated) {
      if (!alarm.periodEndsAt(at)) continue;
      const transition = alarm.evaluate(at, this.valuesOf(alarm), () => this.random.uuid());
      if (transition) this.transitioned(transition);
    }
    for (const service of SERVICES) this.track(service, at);
    this.input.onProgress?.({ fraction: (m + 1) / this.minutes, at: at.getTime(), invocations: this.invocations });
  }

  private valuesOf(alarm: SimAlarm): (number | undefined)[] {
    const key = alarm.signal;
    if (alarm.target === "supabase") {
      const rows = this.world.supabase.slice(-alarm.periodMinutes);
      return rows.map((r) => (key === "connections" ? r.connections : key === "egress" ? r.egress : undefined));
    }
    const rows = (this.world.minutes[alarm.target] ?? []).slice(-alarm.periodMinutes);
    return rows.map((r) => r[key as "cpu" | "memory" | "latency" | "errorRate"]);
  }

  private transitioned({ alarm, from, to, event }: Transition): void {
    const at = Date.parse(event.time);
    const value = alarm.latest();
    this.records.transitions.push({
      at: Date.parse(to.timestamp.replace("+0000", "Z")),
      alarm: alarm.name,
      row: alarm.row.id,
      target: alarm.target,
      from: from.value,
      to: to.value,
      value,
    });
    const spans = this.spans.get(alarm.name) ?? [];
    if (to.value === "ALARM") spans.push({ from: Date.parse(to.timestamp.replace("+0000", "Z")) });
    else if (from.value === "ALARM" && spans.at(-1)) (spans.at(-1) as { to?: number }).to = at;
    this.spans.set(alarm.name, spans);
    this.agenda.schedule(Date.parse(to.timestamp.replace("+0000", "Z")), async () => {
      this.entry(
        "alarm",
        alarm.target,
        alarm.row.id,
        `${from.value} → ${to.value}: ${describeTransition(alarm, to.value, value)}`,
      );
      await this.deliver(event, "default");
    });
  }

  private track(service: Service, at: Date): void {
    const tracking = this.tracking[service];
    const svc = this.world.services[service];
    const minute = this.world.minutes[service]?.at(-1);
    if (!tracking || !svc.scalableTarget || !minute || minute.at !== at.getTime()) return;
    const target = svc.scalableTarget;
    const activity = tracking.observe(
      at.getTime(),
      { cpu: minute.cpu, memory: minute.memory, requests: minute.requestsPerTarget },
      svc.desired,
      {
        min: target.minCapacity,
        max: target.maxCapacity,
        scaleOutSuspended: target.suspended.dynamicScalingOutSuspended,
        scaleInSuspended: target.suspended.dynamicScalingInSuspended,
      },
    );
    if (!activity) return;
    this.setDesired(service, activity.to);
    this.records.activities.push({ at: at.getTime(), service, ...activity });
    this.entry("aas", service, "AAS", describeActivity(activity));
  }

  private async happen(h: Happening): Promise<void> {
    const now = this.now();
    if (h.deploy) {
      const svc = this.world.services[h.deploy.service];
      const until = new Date(now.getTime() + h.deploy.minutes * 60_000);
      svc.deployment = { since: now, until };
      svc.log(now, "has begun a deployment.");
      this.entry("scenario", h.deploy.service, "deploy", `rolling deployment starts (${h.deploy.minutes} min)`);
      this.agenda.schedule(until.getTime(), () => {
        svc.log(this.now(), "deployment completed.");
        this.entry("scenario", h.deploy?.service, "deploy", "deployment completed");
      });
    } else if (h.killSwitch !== undefined) {
      this.world.paused = h.killSwitch;
      this.entry("scenario", undefined, "kill switch", h.killSwitch ? "on: automatic actions paused" : "off");
    } else if (h.suspendScaleOut) {
      const target = this.world.services[h.suspendScaleOut.service].scalableTarget;
      if (target) target.suspended.dynamicScalingOutSuspended = h.suspendScaleOut.suspended;
      this.entry(
        "scenario",
        h.suspendScaleOut.service,
        "AAS",
        `scale-out ${h.suspendScaleOut.suspended ? "suspended" : "resumed"}${target ? "" : " (no scalable target)"}`,
      );
    } else if (h.event) {
      const event = structuredClone(h.event);
      this.setAlarmState(event);
      this.entry("scenario", undefined, "event", `${h.file ?? "raw event"} on the ${h.bus} bus: ${headline(event)}`);
      await this.deliver(event, h.bus);
    }
  }

  /** A raw alarm event is what CloudWatch said: the alarm is in that state until its next evaluation. */
  private setAlarmState(event: Record<string, unknown>): void {
    const detail = event.detail as { alarmName?: string; state?: SimAlarm["state"] } | undefined;
    const alarm = detail?.alarmName ? this.world.alarms.get(detail.alarmName) : undefined;
    if (alarm && detail?.state) alarm.state = structuredClone(detail.state);
  }

  private async deliver(event: unknown, bus: string): Promise<void> {
    const matched = routedBy(this.input.rules, bus, event);
    if (matched.length === 0) {
      this.entry("decision", targetOfEvent(event), "no rule", "no deployed rule routes this event: no reaction", true);
    }
    for (const rule of matched) {
      for (const fn of rule.functions) await this.invoke(fn, structuredClone(event), `rule ${rule.name}`, 1);
    }
  }

  private async invoke(fn: string, payload: unknown, via: string, attempt: number): Promise<void> {
    const output = await this.call(fn, payload, via);
    if (!output) return;
    if (output.error) {
      const error = `${output.error.name}: ${output.error.message}`;
      if (attempt <= RETRY.attempts) {
        const delay = ASYNC_RETRY_DELAYS_MS[attempt - 1] ?? 120_000;
        this.fail(fn, error, `Lambda retries in ${delay / 1000} s`);
        this.agenda.schedule(this.clock + delay, () =>
          this.invoke(fn, payload, `retry ${attempt} of ${via}`, attempt + 1),
        );
      } else {
        this.fail(fn, error, "dead-letter queue (retries exhausted)");
      }
    }
  }

  private async receive(message: Message): Promise<void> {
    this.pendingFollowUps--;
    const event = {
      Records: [
        {
          messageId: message.messageId,
          receiptHandle: `sim-${message.messageId}-${message.receiveCount}`,
          body: message.body,
          attributes: {
            ApproximateReceiveCount: String(message.receiveCount),
            SentTimestamp: String(message.sentAt),
            SenderId: "SIMULATOR",
            ApproximateFirstReceiveTimestamp: String(this.clock),
          },
          messageAttributes: {},
          md5OfBody: createHash("md5").update(message.body).digest("hex"),
          eventSource: "aws:sqs",
          eventSourceARN: `arn:aws:sqs:${this.config.region}:123456789012:${message.functionName}-follow-ups`,
          awsRegion: this.config.region,
        },
      ],
    };
    const output = await this.call(message.functionName, event, "follow-up");
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
    this.pendingFollowUps++;
    this.agenda.schedule(this.clock + VISIBILITY_TIMEOUT_MS, () =>
      this.receive({ ...message, receiveCount: message.receiveCount + 1 }),
    );
  }

  /** One invocation of a real handler; its decisions and effects go on the timeline. */
  private async call(fn: string, payload: unknown, via: string) {
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
    const output = await run(fn, handler, payload, this.input.scenario.stage, this.runtime);
    this.invocations++;
    for (const { audit, notes } of this.audits) {
      const target = parseAlarmName(audit.subject)?.target;
      const { outcome, code, reason } = audit.plan;
      this.records.decisions.push({
        at: this.clock,
        functionName: fn,
        via,
        subject: audit.subject,
        ...(target && { target }),
        outcome,
        ...(code && { code }),
        reason,
        status: audit.outcome,
      });
      this.entry(
        "decision",
        target,
        fn,
        `${outcome}${code ? ` (${code})` : ""}: ${reason}${via === "follow-up" ? " [follow-up]" : ""}`,
      );
      this.effectsDone(fn, notes);
    }
    // Effects applied before a failure stay applied: show them too.
    this.effectsDone(fn, this.notes);
    this.notes = [];
    return output;
  }

  private effectsDone(fn: string, notes: readonly Omit<EffectRecord, "at" | "functionName">[]): void {
    for (const note of notes) {
      this.records.effects.push({ at: this.clock, functionName: fn, ...note });
      if (note.category === "state") continue;
      const kind =
        note.category === "notification" ? "notification" : note.category === "side-effect" ? "side-effect" : "effect";
      this.entry(kind, note.target, note.type, note.text, true);
    }
  }

  private fail(fn: string, error: string, next: string): void {
    this.records.failures.push({ at: this.clock, functionName: fn, error, next });
    this.entry("error", undefined, fn, `${error} → ${next}`);
  }

  private setDesired(service: Service, count: number): void {
    const svc = this.world.services[service];
    for (const ready of new Set(svc.setDesired(count, this.now()))) {
      this.agenda.schedule(ready, () => {
        svc.promote(this.now());
      });
    }
  }

  private sendMessage(effect: SqsSendMessage): string {
    const messageId = this.random.uuid();
    const message: Message = {
      messageId,
      functionName: effect.body.functionName,
      body: JSON.stringify(effect.body),
      sentAt: this.clock,
      receiveCount: 1,
    };
    this.pendingFollowUps++;
    this.agenda.schedule(this.clock + effect.delaySeconds * 1000, () => this.receive(message));
    return messageId;
  }

  private entry(
    kind: Records["timeline"][number]["kind"],
    target: AlarmTarget | undefined,
    label: string,
    text: string,
    nested = false,
  ): void {
    this.records.timeline.push({
      at: this.clock,
      kind,
      ...(target && { target }),
      label,
      text,
      ...(nested && { nested }),
    });
  }

  private buildRuntime(): Runtime {
    const now = this.now;
    const store = tapAudits(this.input.store, (audit) => this.audits.push({ audit, notes: this.notes.splice(0) }));
    const executors = simExecutors(
      {
        now,
        config: this.config,
        world: this.world,
        store,
        setDesired: (service, count) => this.setDesired(service, count),
        sendMessage: (effect) => this.sendMessage(effect),
        note: (record) => this.notes.push(record),
      },
      this.input.effectTypes,
    );
    const base = this.input.baseRuntime?.(this.config, now);
    return {
      ...base,
      // The local world's Supabase readers, with the metric history of this run.
      ...(base?.supabase && {
        supabase: {
          ...base.supabase,
          history: supabaseHistory(
            this.world.supabase,
            computeSpec(this.config.supabase.computeSize).maxConnections,
            now,
          ),
        },
      }),
      stage: this.input.scenario.stage,
      config: this.config,
      // The applier runs live: the executors above apply every effect to the simulated world only.
      dryRun: false,
      now,
      store,
      executors,
      secret: fakeSecret,
      services: this.world.serviceReader(now),
      alarms: this.world.alarmReader(),
      killSwitch: this.world.killSwitch(),
      diagnostics: this.world.diagnostics(now),
    };
  }
}

/** The state table, with every audit record (one per decision, DESIGN.md §4.1) reported as it is written. */
function tapAudits(store: ItemStore, onAudit: (audit: AuditRecord) => void): ItemStore {
  return {
    ...store,
    get: (pk, sk) => store.get(pk, sk),
    delete: (pk, sk) => store.delete(pk, sk),
    query: (pk, fromSk) => store.query(pk, fromSk),
    put: async (item: Item, condition) => {
      const written = await store.put(item, condition);
      if (written && item.pk.startsWith("AUDIT#")) onAudit(item as unknown as AuditRecord);
      return written;
    },
  };
}

/** Secrets are recognisable fakes; a URL-shaped one points at a closed loopback port, so nothing leaves. */
async function fakeSecret(name: SecretName): Promise<string> {
  if (name === "SUPABASE_DB_URL") return "postgres://sim-fake-user:sim-fake-password@127.0.0.1:9/sim-fake";
  if (name.endsWith("_URL")) return `http://127.0.0.1:9/sim-fake-${name.toLowerCase()}`;
  return `sim-fake-${name.toLowerCase()}`;
}

function describeTransition(alarm: SimAlarm, to: string, value: number | undefined): string {
  const unit = alarm.row.unit === "Percent" ? " %" : " s";
  const shown = value === undefined ? "no data" : `${Math.round(value * 100) / 100}${unit}`;
  const window = `${alarm.row.evaluationPeriods} × ${alarm.periodMinutes} min`;
  if (to === "ALARM") return `${shown} > ${alarm.row.threshold}${unit} for ${window}`;
  if (to === "OK") return `${shown}, back under ${alarm.row.threshold}${unit}`;
  return "insufficient data";
}

function describeActivity(a: ScalingActivity): string {
  const metric = a.policy === "requests" ? "requests/target" : a.policy === "cpu" ? "CPU" : "memory";
  const unit = a.policy === "requests" ? "" : " %";
  const why =
    a.direction === "out"
      ? `${metric} ${Math.round(a.metric)}${unit} above target ${a.target}${unit} for 3 min`
      : `every policy below 90 % of its target for 15 min`;
  return `target tracking (${a.policy}) scales ${a.direction}: desired ${a.from} → ${a.to} (${why})`;
}

function headline(event: Record<string, unknown>): string {
  const detail = event.detail as { alarmName?: string; state?: { value?: string } } | undefined;
  if (detail?.alarmName) return `${detail.alarmName} → ${detail.state?.value}`;
  return String(event["detail-type"] ?? event.type ?? "event");
}

function targetOfEvent(event: unknown): AlarmTarget | undefined {
  const name = (event as { detail?: { alarmName?: string } }).detail?.alarmName;
  return name ? parseAlarmName(name)?.target : undefined;
}
