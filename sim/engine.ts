/**
 * The simulation: a clock that advances from one happening to the next (metric minutes, alarm evaluations,
 * target tracking, task starts, event deliveries, follow-ups coming due), the simulated world, and the
 * deployed rules routing events to the real handlers (lambda.ts), whose runtime is the simulated world.
 */
import { parseAlarmName } from "../core/alarms/name.js";
import type { StageConfig } from "../core/config/index.js";
import type { ItemStore } from "../core/kernel/ports.js";
import { type AlarmTarget, ROWS, targetsOf } from "../core/matrix/rows.js";
import { SERVICES, type Service, type ServiceSize, TIERS, type Tier } from "../core/matrix/tiers.js";
import { RECONCILE } from "../core/reconcile/spec.js";
import type { CurrentAlarmState } from "../core/scaling/service-state.js";
import type { LocalRuntime } from "../functions/lib/runtime.js";
import { type ScalingActivity, TargetTracking, trackingPolicies } from "./autoscaling.js";
import { percentileOf, serviceSignals } from "./capacity.js";
import { type SimAlarm, simAlarms, type Transition } from "./cloudwatch.js";
import { SimService, type TaskCounts } from "./ecs.js";
import { SimulationError } from "./errors.js";
import { type IngestSummary, SimIngest } from "./ingest.js";
import { Lambdas } from "./lambda.js";
import { loadBalancerErrorRate } from "./load-balancer.js";
import type { DeployedAlarm } from "./local/alarms.js";
import { type DeployedRule, routedBy } from "./local/rules.js";
import { Agenda } from "./queue.js";
import { type Random, seededRandom } from "./random.js";
import { simRuntime } from "./runtime.js";
import {
  type Happening,
  type Scenario,
  type ServiceMinute,
  type SupabaseMinute,
  scenarioMinutes,
  serviceSeries,
  supabaseSeries,
} from "./scenario.js";
import { simSlackClick } from "./slack-click.js";
import { outcomeOf, STRATEGIES, type Strategies, type Strategy } from "./strategies.js";
import { addEntry, type EntryKind, emptyRecords, type Records } from "./timeline.js";
import { type MinuteRecord, SimWorld, type SupabaseMinuteRecord } from "./world.js";

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
  baseRuntime?: (config: StageConfig, now: () => Date) => LocalRuntime;
  onProgress?: (progress: Progress) => void;
  /** Invoke the reconciler on every scheduled run, even when it is known to find nothing to do (tests). */
  invokeEveryScheduledRun?: boolean;
  /** How the services are run (strategies.ts); the pipeline by default. */
  strategy?: Strategy;
  /** The scenario's load, minute by minute (tracesOf); built from the scenario when absent. */
  traces?: Traces;
}

/** The load a scenario puts on each traced service and on Supabase, minute by minute. */
export interface Traces {
  services: Partial<Record<Service, ServiceMinute[]>>;
  supabase: SupabaseMinute[] | undefined;
}

export function tracesOf(scenario: Scenario): Traces {
  const start = new Date(scenario.start);
  const minutes = scenarioMinutes(scenario);
  const services: Traces["services"] = {};
  SERVICES.forEach((service, index) => {
    const trace = scenario.services[service];
    if (trace)
      services[service] = serviceSeries(
        trace,
        start,
        minutes,
        seededRandom(scenario.seed * 7919 + index + 1),
        scenario.noise,
      );
  });
  return { services, supabase: scenario.supabase && supabaseSeries(scenario.supabase, start, minutes) };
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
  /** Task-seconds billed from the start to the end of the run (tasks started after it are not the run's). */
  billedTaskSeconds: Partial<Record<Service, number>>;
  /** Every change of each traced service's desired or running count (ecs.ts). */
  taskCounts: Partial<Record<Service, TaskCounts[]>>;
  invocations: number;
  /** Follow-ups still on the queue when the scenario ended. */
  pendingFollowUps: number;
  /** The event rules the run routed through. */
  rules: { name: string; functions: string[] }[];
  /**
   * Scheduled rules not run: their functions collect (the Supabase metrics) or sweep invoices, and the
   * scenario's traces stand for what they would have published. The reconciler's schedule is run.
   */
  scheduled: { name: string; functions: string[]; schedule: string }[];
  /** Runs of the scheduled functions that are simulated (the reconciler), and how many of them acted. */
  scheduledRuns: { functionName: string; runs: number; acted: number }[];
  strategy: Strategy;
  /** Scheduled runs counted without invoking the function: nothing was written since it last found nothing to do. */
  knownIdleRuns: number;
  /** The webhook ingest path, when the scenario sends webhooks or has an EventBridge outage. */
  ingest?: IngestSummary;
}

export interface ComparedResult extends SimulationResult {
  /** The same trace under each strategy, through the same capacity model. */
  strategies: Strategies;
}

/** The pipeline's run, then the same trace under target tracking alone and at the tier's maximum. */
export async function simulate(input: SimulationInput): Promise<ComparedResult> {
  // One trace for every strategy: built once, read by each run (none writes to it).
  const traces = input.traces ?? tracesOf(input.scenario);
  const pipeline = await new Simulation({ ...input, traces, strategy: "pipeline" }).run();
  const strategies = { pipeline: outcomeOf(pipeline) } as Strategies;
  for (const strategy of STRATEGIES.filter((s) => s !== "pipeline")) {
    strategies[strategy] = outcomeOf(await new Simulation({ ...input, traces, strategy, onProgress: undefined }).run());
  }
  return { ...pipeline, strategies };
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
  private readonly lambdas: Lambdas;
  private readonly ingest: SimIngest;
  private readonly spans = new Map<string, { from: number; to?: number }[]>();
  /** Deliveries the scenario loses: the next state change of the alarm to the state is never delivered. */
  private readonly losses: { alarm: string; state: string }[] = [];
  private readonly strategy: Strategy;
  /** The state table, counting its writes. */
  private readonly store: CountingStore;
  /** Per scheduled function: the state table's write count after its last run that found nothing to do. */
  private readonly idleAt = new Map<string, number>();
  private knownIdleRuns = 0;
  /** Whether the pipeline runs: alarms evaluated and delivered, reactions, the reconciler. */
  private readonly reacts: boolean;

  constructor(private readonly input: SimulationInput) {
    const { scenario } = input;
    this.strategy = input.strategy ?? "pipeline";
    this.reacts = this.strategy === "pipeline";
    this.store = countingStore(input.store);
    this.start = new Date(scenario.start);
    this.clock = this.start.getTime();
    this.random = seededRandom(scenario.seed);
    this.minutes = scenarioMinutes(scenario);
    // A what-if tier changes what the handlers see, not what the stage deploys.
    this.config = scenario.tier ? { ...input.config, tier: scenario.tier } : input.config;
    this.tier = TIERS[this.config.tier];
    this.percentile = percentileOf(this.config.responseTimeStatistic);

    const traces = input.traces ?? tracesOf(scenario);
    const services = {} as Record<Service, SimService>;
    SERVICES.forEach((service) => {
      const trace = scenario.services[service];
      const size = this.tier.services[service];
      services[service] = new SimService(
        service,
        this.config.ecs.services[service].serviceName,
        size,
        this.strategy === "static-max" ? size.maxCapacity : initialTasks(size, trace),
        trace?.scalableTarget ?? true,
        scenario.taskStartSeconds * 1000,
        this.start,
      );
      if (trace) {
        this.traces[service] = traces.services[service];
        if (trace.scalableTarget && this.strategy !== "static-max")
          this.tracking[service] = new TargetTracking(trackingPolicies(size));
      }
    });
    this.supabaseTrace = traces.supabase;

    const all = simAlarms(ROWS, targetsOf, input.alarms, scenario.stage, this.config.region, this.start);
    this.simulated = all.filter((alarm) => this.hasData(alarm));
    const quiet = new Set(
      input.alarms.map((a) => a.name).filter((name) => !this.simulated.some((s) => s.name === name)),
    );
    this.world = new SimWorld(services, new Map(this.simulated.map((a) => [a.name, a])), quiet, this.start);
    this.lambdas = new Lambdas({
      agenda: this.agenda,
      now: () => this.clock,
      records: this.records,
      random: this.random,
      stage: scenario.stage,
      region: this.config.region,
    });
    this.ingest = new SimIngest({
      agenda: this.agenda,
      now: () => this.clock,
      random: seededRandom(scenario.seed * 104_729 + 17),
      lambdas: this.lambdas,
      rules: input.rules,
      region: this.config.region,
      entry: (kind, label, text, nested) => this.entry(kind, undefined, label, text, nested),
    });
    this.lambdas.use(
      simRuntime({
        ingest: this.ingest,
        base: input.baseRuntime?.(this.config, this.now),
        stage: scenario.stage,
        config: this.config,
        now: this.now,
        world: this.world,
        store: this.store,
        lambdas: this.lambdas,
        setDesired: (service, count) => this.setDesired(service, count),
        effectTypes: input.effectTypes,
      }),
    );
  }

  async run(): Promise<SimulationResult> {
    const start = this.start.getTime();
    const end = start + this.minutes * 60_000;
    for (let m = 0; m < this.minutes; m++) this.agenda.schedule(start + (m + 1) * 60_000, () => this.tick(m));
    // The webhooks are the pipeline's own traffic: the other strategies compare scaling only.
    const webhooks = this.reacts ? (this.input.scenario.webhooks?.perMinute ?? 0) : 0;
    if (webhooks > 0) {
      for (let m = 0; m < this.minutes; m++)
        this.agenda.schedule(start + m * 60_000, () => this.ingest.scheduleMinute(webhooks));
    }
    for (const happening of this.input.scenario.events) {
      if (!this.reacts && !happening.deploy && !happening.suspendScaleOut) continue;
      this.agenda.schedule(start + happening.at * 60_000, () => this.happen(happening));
    }
    for (const rule of this.simulatedSchedules()) {
      const every = rateMinutes(rule.schedule as string) * 60_000;
      for (let at = start + every; at <= end; at += every) {
        for (const fn of rule.functions) this.agenda.schedule(at, () => this.runScheduled(rule, fn));
      }
    }
    // The last minute's evaluations are delivered a few seconds after the end: let them land.
    const horizon = end + 60_000;
    for (let next = this.agenda.pop(); next && next.at <= horizon; next = this.agenda.pop()) {
      this.clock = next.at;
      await next.run();
    }
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
        SERVICES.filter((s) => this.traces[s]).map((s) => [s, this.world.minutes[s]?.at(-1)?.billedTaskSeconds ?? 0]),
      ),
      taskCounts: Object.fromEntries(
        SERVICES.filter((s) => this.traces[s]).map((s) => [s, this.world.services[s].counts]),
      ),
      invocations: this.lambdas.invocations,
      pendingFollowUps: this.lambdas.queued,
      rules: this.input.rules.filter((r) => r.pattern).map((r) => ({ name: r.name, functions: r.functions })),
      scheduled: this.input.rules
        .filter((r) => r.schedule && !this.simulatedSchedules().includes(r))
        .map((r) => ({ name: r.name, functions: r.functions, schedule: r.schedule as string })),
      scheduledRuns: [...this.lambdas.scheduledRuns].map(([functionName, counts]) => ({ functionName, ...counts })),
      strategy: this.strategy,
      knownIdleRuns: this.knownIdleRuns,
      ...(this.ingest.summary() && { ingest: this.ingest.summary() }),
    };
  }

  private now = (): Date => new Date(this.clock);

  /** The schedules run in simulated time: the reconciler's (level-triggered safety belongs in a what-if). */
  private simulatedSchedules(): DeployedRule[] {
    if (!this.reacts) return [];
    return this.input.rules.filter(
      (r) => r.schedule?.startsWith("rate(") && r.functions.includes(RECONCILE.functionName),
    );
  }

  /** One scheduled run, with EventBridge's "Scheduled Event"; a run with nothing to do stays off the timeline. */
  private async runScheduled(rule: DeployedRule, fn: string): Promise<void> {
    const event = {
      version: "0",
      id: this.random.uuid(),
      "detail-type": "Scheduled Event",
      source: "aws.events",
      account: "123456789012",
      time: this.now()
        .toISOString()
        .replace(/\.\d{3}Z$/, "Z"),
      region: this.config.region,
      resources: [`arn:aws:events:${this.config.region}:123456789012:rule/${rule.name}`],
      detail: {},
    };
    // The reconciler converges raised floors and open episodes, both in the state table. When nothing was
    // written since a run that found nothing to do while no alarm fired (so no episode was waiting for its
    // follow-up to come due), this run finds nothing to do either (core/reconcile/decide.ts).
    const key = `${rule.name}#${fn}`;
    if (!this.input.invokeEveryScheduledRun && this.idleAt.get(key) === this.store.writes) {
      this.lambdas.countScheduledRun(fn);
      this.knownIdleRuns++;
      return;
    }
    const before = { ...this.lambdas.scheduledRuns.get(fn) };
    const failures = this.records.failures.length;
    await this.lambdas.invokeAsync(fn, event, `schedule ${rule.schedule}`, 1, {
      quiet: true,
      retries: RECONCILE.retryAttempts,
    });
    const acted = this.lambdas.scheduledRuns.get(fn)?.acted !== (before.acted ?? 0);
    if (acted || this.records.failures.length !== failures) this.idleAt.delete(key);
    else if (this.noAlarmFiring()) this.idleAt.set(key, this.store.writes);
    else this.idleAt.delete(key);
  }

  private noAlarmFiring(): boolean {
    for (const alarm of this.world.alarms.values()) if (alarm.state.value === "ALARM") return false;
    for (const state of this.world.reported.values()) if (state.value === "ALARM") return false;
    return true;
  }

  private hasData(alarm: SimAlarm): boolean {
    if (alarm.target === "supabase")
      return this.supabaseTrace?.some((m) => m[alarm.signal as keyof SupabaseMinute] !== undefined) ?? false;
    if (alarm.target === "alb") return SERVICES.some((service) => this.traces[service] !== undefined);
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
      const signals = serviceSignals(
        model as NonNullable<typeof model>,
        svc.size,
        trace.rpm,
        running,
        this.percentile,
        trace.answering,
      );
      const record: MinuteRecord = {
        at: at.getTime(),
        rpm: trace.rpm,
        utilization: signals.utilization,
        cpu: trace.cpu ?? signals.cpu,
        memory: trace.memory ?? signals.memory,
        latency: trace.p95 ?? signals.latency,
        // A pinned 5xx rate is of what the targets answer: none answering, the target group has no datapoint.
        errorRate: signals.answered > 0 ? (trace.errorRate ?? signals.errorRate) : undefined,
        answered: signals.answered,
        unanswered: signals.unanswered,
        requestsPerTarget: signals.requestsPerTarget,
        desired: svc.desired,
        running: svc.running,
        pending: svc.pendingCount,
        ...(svc.scalableTarget && { floor: svc.scalableTarget.minCapacity, ceiling: svc.scalableTarget.maxCapacity }),
        billedTaskSeconds: svc.billedTaskSeconds,
      };
      this.world.minutes[service] ??= [];
      this.world.minutes[service].push(record);
    }
    const supabase = this.supabaseTrace?.[m];
    if (supabase) this.world.supabase.push({ at: at.getTime(), ...supabase });

    // Without the pipeline the alarms notify nobody: nothing to evaluate.
    for (const alarm of this.reacts ? this.simulated : []) {
      if (!alarm.periodEndsAt(at)) continue;
      const transition = alarm.evaluate(at, this.valuesOf(alarm), () => this.random.uuid());
      if (transition) this.transitioned(transition);
    }
    for (const service of SERVICES) this.track(service, at);
    this.input.onProgress?.({
      fraction: (m + 1) / this.minutes,
      at: at.getTime(),
      invocations: this.lambdas.invocations,
    });
  }

  /** The alarm's signal over its period's minutes, oldest first (read in place: every alarm, every minute). */
  private valuesOf(alarm: SimAlarm): (number | undefined)[] {
    const key = alarm.signal;
    if (alarm.target === "supabase") {
      const field = key === "connections" ? "connections" : key === "egress" ? "egress" : undefined;
      return lastOf(this.world.supabase, alarm.periodMinutes, (r) => (field ? r[field] : undefined));
    }
    if (alarm.target === "alb") return this.loadBalancerErrorRates(alarm.periodMinutes);
    const field = key as "cpu" | "memory" | "latency" | "errorRate";
    return lastOf(this.world.minutes[alarm.target] ?? [], alarm.periodMinutes, (r) => r[field]);
  }

  /** `lb-error-rate-high`'s expression, minute by minute, over every service with a trace. */
  private loadBalancerErrorRates(minutes: number): (number | undefined)[] {
    const traced: MinuteRecord[][] = [];
    for (const service of SERVICES) {
      const rows = this.world.minutes[service];
      if (rows) traced.push(rows);
    }
    let length = minutes;
    for (const rows of traced) length = Math.min(length, rows.length);
    const values: (number | undefined)[] = [];
    for (let i = 0; i < length; i++) {
      values.push(loadBalancerErrorRate(traced.map((rows) => rows[rows.length - length + i] as MinuteRecord)));
    }
    return values;
  }

  private transitioned({ alarm, from, to, event }: Transition): void {
    const at = Date.parse(to.timestamp.replace("+0000", "Z"));
    const value = alarm.latest();
    this.records.transitions.push({
      at,
      alarm: alarm.name,
      row: alarm.row.id,
      target: alarm.target,
      from: from.value,
      to: to.value,
      value,
    });
    const spans = this.spans.get(alarm.name) ?? [];
    const open = spans.at(-1);
    if (to.value === "ALARM") spans.push({ from: at });
    else if (from.value === "ALARM" && open) open.to = at;
    this.spans.set(alarm.name, spans);
    this.agenda.schedule(at, async () => {
      const text = `${from.value} → ${to.value}: ${describeTransition(alarm, to.value, value)}`;
      this.entry("alarm", alarm.target, alarm.row.id, text);
      const lost = this.losses.findIndex((l) => l.alarm === alarm.name && l.state === to.value);
      if (lost >= 0) {
        this.losses.splice(lost, 1);
        this.entry("scenario", alarm.target, "lost", `the ${to.value} event of ${alarm.name} is never delivered`, true);
        return;
      }
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
    } else if (h.slack) {
      const click = simSlackClick(h.slack, { ...this.slackScene(), now, paused: this.world.paused, hours: h.hours });
      this.world.paused = click.paused;
      this.entry("scenario", undefined, "Slack", click.said);
    } else if (h.suspendScaleOut) {
      const target = this.world.services[h.suspendScaleOut.service].scalableTarget;
      if (target) target.suspended.dynamicScalingOutSuspended = h.suspendScaleOut.suspended;
      this.entry(
        "scenario",
        h.suspendScaleOut.service,
        "AAS",
        `scale-out ${h.suspendScaleOut.suspended ? "suspended" : "resumed"}${target ? "" : " (no scalable target)"}`,
      );
    } else if (h.loseDelivery) {
      this.losses.push(h.loseDelivery);
      this.entry(
        "scenario",
        parseAlarmName(h.loseDelivery.alarm)?.target,
        "EventBridge",
        `the next ${h.loseDelivery.state} event of ${h.loseDelivery.alarm} will be lost`,
      );
    } else if (h.eventBridgeOutage) {
      this.ingest.outage(h.eventBridgeOutage.minutes);
    } else if (h.loseFollowUp) {
      this.lambdas.loseNextFollowUp(h.loseFollowUp.functionName);
      this.entry("scenario", undefined, "SQS", `the next follow-up of ${h.loseFollowUp.functionName} will be lost`);
    } else if (h.event) {
      const event = structuredClone(h.event);
      this.setAlarmState(event);
      this.entry("scenario", undefined, "event", `${h.file ?? "raw event"} on the ${h.bus} bus: ${headline(event)}`);
      await this.deliver(event, h.bus);
    }
  }

  private slackScene() {
    return { stage: this.input.scenario.stage, config: this.config };
  }

  /** A raw alarm event is what CloudWatch said: the alarm is in that state until its next evaluation. */
  private setAlarmState(event: Record<string, unknown>): void {
    const detail = event.detail as { alarmName?: string; state?: SimAlarm["state"] } | undefined;
    const alarm = detail?.alarmName ? this.world.alarms.get(detail.alarmName) : undefined;
    if (alarm && detail?.state) alarm.state = structuredClone(detail.state);
    else if (detail?.alarmName && detail.state && this.world.quietAlarms.has(detail.alarmName)) {
      this.world.reported.set(detail.alarmName, structuredClone(detail.state) as CurrentAlarmState);
    }
  }

  private async deliver(event: unknown, bus: string): Promise<void> {
    const matched = routedBy(this.input.rules, bus, event);
    if (matched.length === 0) {
      this.entry("decision", targetOfEvent(event), "no rule", "no deployed rule routes this event: no reaction", true);
    }
    for (const rule of matched) {
      if (rule.functions.length === 0) {
        this.entry(
          "decision",
          targetOfEvent(event),
          "rule",
          `${rule.name} routes it to a queue or other target: not simulated`,
          true,
        );
      }
      for (const fn of rule.functions) await this.lambdas.invokeAsync(fn, structuredClone(event), `rule ${rule.name}`);
    }
  }

  private setDesired(service: Service, count: number): void {
    const svc = this.world.services[service];
    for (const ready of new Set(svc.setDesired(count, this.now()))) {
      this.agenda.schedule(ready, () => {
        svc.promote(this.now());
      });
    }
  }

  private entry(kind: EntryKind, target: AlarmTarget | undefined, label: string, text: string, nested = false): void {
    addEntry(this.records, { at: this.clock, kind, target, label, text, nested });
  }
}

/** `pick` of the last `n` rows (fewer when there are fewer), oldest first. */
function lastOf<T, V>(rows: readonly T[], n: number, pick: (row: T) => V): V[] {
  const from = Math.max(0, rows.length - n);
  const out: V[] = [];
  for (let i = from; i < rows.length; i++) out.push(pick(rows[i] as T));
  return out;
}

type CountingStore = ItemStore & { readonly writes: number };

function countingStore(store: ItemStore): CountingStore {
  let writes = 0;
  return {
    get writes() {
      return writes;
    },
    get: (pk, sk) => store.get(pk, sk),
    query: (pk, fromSk) => store.query(pk, fromSk),
    put: async (item, condition) => {
      writes++;
      return store.put(item, condition);
    },
    update: async (update, condition) => {
      writes++;
      return store.update(update, condition);
    },
    delete: async (pk, sk) => {
      writes++;
      return store.delete(pk, sk);
    },
  };
}

/** `rate(5 minutes)` → 5; other schedule expressions are not simulated. */
function rateMinutes(expression: string): number {
  const match = /^rate\((\d+) (minute|minutes|hour|hours)\)$/.exec(expression);
  if (!match) throw new SimulationError(`schedule ${expression} cannot be simulated`);
  return Number(match[1]) * (match[2]?.startsWith("hour") ? 60 : 1);
}

/** The scenario's starting tasks, within the scalable target's bounds where the service has one (AAS holds them). */
function initialTasks(size: ServiceSize, trace: Scenario["services"][Service]): number {
  const wanted = trace?.initialTasks ?? size.minCapacity;
  return (trace?.scalableTarget ?? true) ? Math.min(size.maxCapacity, Math.max(size.minCapacity, wanted)) : wanted;
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
