/**
 * Scenarios: what happens to the services over time. A load trace per service (requests per minute, and,
 * where the scenario knows better than the capacity model, CPU, memory, p95 latency or the 5xx rate), the
 * Supabase signals, and dated happenings (a deployment, the kill switch, raw events on the bus).
 *
 * Levels are a number, a linear ramp `{ "from", "to" }` across the phase, or a day's curve
 * `{ "daily": { "min", "max", "peakHour" } }` (a cosine over the UTC hour). A phase that omits `rpm`,
 * `connections` or `egress` continues the previous phase's last value; `cpu`, `memory`, `p95`, `errorRate`
 * and `answering` pin the signal for their phase only (elsewhere the capacity model computes them).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import * as z from "zod";
import { FOLLOW_UP_FUNCTIONS } from "../core/actions/index.js";
import { knownStages, stageConfig } from "../core/config/index.js";
import { describeIssues } from "../core/kernel/parse.js";
import { SERVICES, TIER_IDS, TIERS } from "../core/matrix/tiers.js";
import { MAX_PAUSE_HOURS } from "../core/slack-actions/buttons.js";
import { AlarmStateChangeEventSchema } from "../events/schemas/cloudwatch-alarm.js";
import { CapacityModelSchema } from "./capacity.js";
import { ScenarioError } from "./errors.js";
import { SAMPLE_STAGE } from "./local/local-invoke.js";
import { largest } from "./numbers.js";
import type { seededRandom } from "./random.js";
import { SIM_SLACK_CLICKS } from "./slack-click.js";

const ROOT = path.resolve(import.meta.dirname, "..");
export const SCENARIOS_DIR = path.join(ROOT, "events/scenarios");
export const DEFAULT_SCENARIO = path.join(SCENARIOS_DIR, "ramp.json");

const LevelSchema = z.union([
  z.number().min(0),
  z.strictObject({ from: z.number().min(0), to: z.number().min(0) }),
  z.strictObject({
    daily: z.strictObject({
      min: z.number().min(0),
      max: z.number().min(0),
      /** UTC hour of the day's maximum. */
      peakHour: z.number().min(0).max(24).default(14),
    }),
  }),
]);
export type Level = z.infer<typeof LevelSchema>;

const PERCENT = "a percentage, 0 to 100";
const Percent = z.number().min(0, PERCENT).max(100, PERCENT);
/** A level of a percentage: every number in it within 0–100. */
const PercentLevelSchema = z.union([
  Percent,
  z.strictObject({ from: Percent, to: Percent }),
  z.strictObject({
    daily: z.strictObject({ min: Percent, max: Percent, peakHour: z.number().min(0).max(24).default(14) }),
  }),
]);

const Minutes = z.number().int().positive();

const ServicePhaseSchema = z.strictObject({
  minutes: Minutes,
  label: z.string().optional(),
  /** Requests per minute reaching the service's target group. */
  rpm: LevelSchema.optional(),
  /** Pinned CPUUtilization (%), instead of the capacity model's. */
  cpu: PercentLevelSchema.optional(),
  /** Pinned MemoryUtilization (%): a leak, a cache that grows. */
  memory: PercentLevelSchema.optional(),
  /** Pinned response time (s) at the alarm's percentile (p95 by default). */
  p95: LevelSchema.optional(),
  /** 5xx responses as a share of requests (%). */
  errorRate: PercentLevelSchema.optional(),
  /**
   * Share of requests the service's targets answer (%, 100 elsewhere). The load balancer answers the rest
   * 502/503 itself; 0 is a total outage: targets that stop answering.
   */
  answering: PercentLevelSchema.optional(),
});

const ServiceTraceSchema = z.strictObject({
  phases: z.array(ServicePhaseSchema).min(1),
  /** Desired (and running) tasks at the start; the tier minimum by default. */
  initialTasks: z.number().int().min(0).optional(),
  /** Whether the service has an Application Auto Scaling target (false: `ecs.UpdateService` fallback). */
  scalableTarget: z.boolean().default(true),
  model: CapacityModelSchema.prefault({}),
});
export type ServiceTrace = z.infer<typeof ServiceTraceSchema>;

const SupabasePhaseSchema = z.strictObject({
  minutes: Minutes,
  label: z.string().optional(),
  /** Hero365/Supabase ConnectionUtilization (%). */
  connections: PercentLevelSchema.optional(),
  /** Hero365/Supabase EgressUtilization (%, month to date of the plan's quota). */
  egress: PercentLevelSchema.optional(),
});

const ServiceName = z.enum(["backend", "frontend"]);

const HappeningSchema = z
  .strictObject({
    /** Minutes after the start. */
    at: z.number().min(0),
    /** A rolling deployment of the service, in progress for `minutes`. */
    deploy: z.strictObject({ service: ServiceName, minutes: z.number().positive() }).optional(),
    /** The kill switch (SSM parameter) set to this value. */
    killSwitch: z.boolean().optional(),
    /** Application Auto Scaling's scale-out suspended (or resumed) on a service. */
    suspendScaleOut: z.strictObject({ service: ServiceName, suspended: z.boolean() }).optional(),
    /**
     * EventBridge loses the next state change of this alarm to this state (a delivery that never arrives):
     * what the reconciler is for.
     */
    loseDelivery: z
      .strictObject({ alarm: z.string().min(1), state: z.enum(["OK", "ALARM", "INSUFFICIENT_DATA"]) })
      .optional(),
    /** The next follow-up this function sends is lost: its chain (re-pages, scaling steps) stops. */
    loseFollowUp: z.strictObject({ functionName: z.enum(FOLLOW_UP_FUNCTIONS) }).optional(),
    /** A click on the episode message's Slack button (sim/slack-click.ts). */
    slack: z.enum(SIM_SLACK_CLICKS).optional(),
    /** For `slack: "pause-automation"`: how long; absent pauses until resumed. */
    hours: z.number().int().min(1).max(MAX_PAUSE_HOURS).optional(),
    /**
     * EventBridge refuses every PutEvents (500, InternalException) for this many minutes: the webhook ingest
     * keeps what it accepts in its fallback queue, and ingest-redrive puts it on the app bus afterwards.
     */
    eventBridgeOutage: z.strictObject({ minutes: z.number().int().positive() }).optional(),
    /** A raw event put on the bus as it is. */
    event: z.looseObject({}).optional(),
    /** A raw event from a file (relative to the scenario, or to the repository). */
    file: z.string().min(1).optional(),
    bus: z.string().default("default"),
    /**
     * Put the raw event on the bus even when CloudWatch could never have sent it (a malformed alarm event):
     * to exercise the handlers' failure path, retries and dead-letter queue on purpose.
     */
    unchecked: z.boolean().default(false),
  })
  .refine(
    (h) =>
      [
        h.deploy,
        h.killSwitch,
        h.suspendScaleOut,
        h.loseDelivery,
        h.loseFollowUp,
        h.eventBridgeOutage,
        h.slack,
        h.event,
        h.file,
      ].filter((x) => x !== undefined).length === 1,
    {
      message:
        "give exactly one of deploy, killSwitch, suspendScaleOut, loseDelivery, loseFollowUp, eventBridgeOutage, slack, event, file",
    },
  );

export const ScenarioSchema = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().default(""),
    /** The stage whose configuration, alarms and rules are simulated. */
    stage: z.string().min(1).default(SAMPLE_STAGE),
    /** Simulate another tier than the stage's (a what-if). */
    tier: z.enum(TIER_IDS).optional(),
    /** When the scenario starts (UTC, on a minute). */
    start: z.iso.datetime({ offset: true }).default("2026-11-27T08:00:00Z"),
    /** Length; by default the longest trace. */
    minutes: Minutes.optional(),
    /** Seed of the load noise and of event ids: the same seed, the same run. */
    seed: z.number().int().default(1),
    /** Relative noise on the load, per minute (0.03: ±3 %). */
    noise: z.number().min(0).max(0.5).default(0.03),
    /** How long a new task takes from launch to running (image pull, start, health check). */
    taskStartSeconds: z.number().int().min(0).max(1800).default(90),
    services: z
      .strictObject({ backend: ServiceTraceSchema.optional(), frontend: ServiceTraceSchema.optional() })
      .default({}),
    supabase: z.strictObject({ phases: z.array(SupabasePhaseSchema).min(1) }).optional(),
    /**
     * Invoices finalized in Supabase, each arriving as a signed database webhook at the real ingest, whose
     * events the app bus routes to the invoice worker's queue (sim/ingest.ts).
     */
    webhooks: z.strictObject({ perMinute: z.number().int().min(0).max(600) }).optional(),
    events: z.array(HappeningSchema).default([]),
  })
  .refine((s) => new Date(s.start).getUTCSeconds() === 0 && new Date(s.start).getUTCMilliseconds() === 0, {
    message: "start must fall on a whole minute",
    path: ["start"],
  })
  .refine((s) => s.services.backend || s.services.frontend || s.supabase || s.webhooks || s.events.length > 0, {
    message: "a scenario needs a service trace, a supabase trace, webhooks or events",
  });
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Happening = Scenario["events"][number];

/** A scenario with its raw-event files read. */
export interface LoadedScenario extends Scenario {
  file?: string;
}

export async function loadScenario(file: string = DEFAULT_SCENARIO): Promise<LoadedScenario> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (cause) {
    throw new ScenarioError(`cannot read scenario ${file}: ${(cause as Error).message}`, { cause });
  }
  const scenario = parseScenario(json, file);
  const dir = path.dirname(path.resolve(file));
  for (const [index, happening] of scenario.events.entries()) {
    if (!happening.file) continue;
    happening.event = await readEventFile(happening.file, dir, file);
    if (!happening.unchecked) checkRawEvent(happening.event, `events.${index}.file (${happening.file})`, file);
  }
  return { ...scenario, file };
}

export function parseScenario(json: unknown, what = "scenario"): Scenario {
  const parsed = ScenarioSchema.safeParse(json);
  if (!parsed.success) throw new ScenarioError(`invalid scenario ${what}: ${describeIssues(parsed.error.issues)}`);
  checkScenario(parsed.data, what);
  return parsed.data;
}

/** What the schema cannot know: the stages the configuration names, the tier's task bounds, the run's length. */
function checkScenario(s: Scenario, what: string): void {
  const fail = (field: string, message: string): never => {
    throw new ScenarioError(`invalid scenario ${what}: ${field}: ${message}`);
  };
  const stages = knownStages();
  if (!stages.includes(s.stage))
    fail("stage", `"${s.stage}" is not a stage of hero365.config.ts (one of ${stages.join(", ")})`);
  const tier = TIERS[s.tier ?? stageConfig(s.stage).tier];
  for (const service of SERVICES) {
    const trace = s.services[service];
    if (trace?.initialTasks === undefined || !trace.scalableTarget) continue;
    const { minCapacity: min, maxCapacity: max } = tier.services[service];
    if (trace.initialTasks < min || trace.initialTasks > max)
      fail(
        `services.${service}.initialTasks`,
        `${trace.initialTasks} is outside the ${tier.name} tier's ${service} bounds (${min}–${max} tasks)`,
      );
  }
  const minutes = scenarioMinutes(s);
  s.events.forEach((e, index) => {
    if (e.at >= minutes)
      fail(`events.${index}.at`, `minute ${e.at} is not within the run (minutes 0 to ${minutes - 1})`);
    if (e.event && !e.unchecked) checkRawEvent(e.event, `events.${index}.event`, what);
  });
}

/** A raw CloudWatch alarm event must be one CloudWatch could send: the handlers' follow-ups read all of it. */
function checkRawEvent(event: Record<string, unknown>, field: string, what: string): void {
  if (event.source !== "aws.cloudwatch" || event["detail-type"] !== "CloudWatch Alarm State Change") return;
  const parsed = AlarmStateChangeEventSchema.safeParse(event);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ ...issue, path: [field, ...issue.path] }));
    throw new ScenarioError(`invalid scenario ${what}: ${describeIssues(issues)} (a CloudWatch alarm event)`);
  }
}

async function readEventFile(name: string, dir: string, scenarioFile: string): Promise<Record<string, unknown>> {
  for (const candidate of [path.resolve(dir, name), path.resolve(ROOT, name)]) {
    const text = await readFile(candidate, "utf8").catch(() => undefined);
    if (text === undefined) continue;
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch (cause) {
      throw new ScenarioError(`event file ${name} of ${scenarioFile} is not JSON: ${(cause as Error).message}`);
    }
  }
  throw new ScenarioError(
    `event file ${name} of ${scenarioFile} not found (next to the scenario or in the repository)`,
  );
}

/** One minute of a service's trace: its load and the signals the scenario pins. */
export interface ServiceMinute {
  rpm: number;
  cpu?: number;
  memory?: number;
  p95?: number;
  errorRate?: number;
  answering?: number;
}

export interface SupabaseMinute {
  connections?: number;
  egress?: number;
}

/** The scenario's length in minutes: `minutes`, or the longest trace (at least 30 minutes past the last event). */
export function scenarioMinutes(s: Scenario): number {
  if (s.minutes) return s.minutes;
  const traces = [s.services.backend, s.services.frontend, s.supabase].flatMap((t) =>
    t ? [t.phases.reduce((sum, p) => sum + p.minutes, 0)] : [],
  );
  const lastEvent = largest(
    s.events.map((e) => Math.ceil(e.at) + 30),
    0,
  );
  return largest([...traces, lastEvent], 1);
}

/**
 * The trace minute by minute, noise applied to the load. Past the last phase the load holds its last value;
 * a pinned signal ends with its phase, the last one included (the capacity model takes over).
 */
export function serviceSeries(
  trace: ServiceTrace,
  start: Date,
  minutes: number,
  random: ReturnType<typeof seededRandom>,
  noise: number,
): ServiceMinute[] {
  const out: ServiceMinute[] = [];
  let rpm = 0;
  walk(trace.phases, start, minutes, (phase, m, length, at, past) => {
    if (phase.rpm !== undefined) rpm = levelAt(phase.rpm, m, length, at);
    const minute: ServiceMinute = { rpm: Math.max(0, rpm * (1 + noise * random.signed())) };
    if (past) {
      out.push(minute);
      return;
    }
    for (const key of ["cpu", "memory", "p95", "errorRate", "answering"] as const) {
      const level = phase[key];
      if (level !== undefined) minute[key] = levelAt(level, m, length, at);
    }
    out.push(minute);
  });
  return out;
}

export function supabaseSeries(
  trace: NonNullable<Scenario["supabase"]>,
  start: Date,
  minutes: number,
): SupabaseMinute[] {
  const out: SupabaseMinute[] = [];
  let connections: number | undefined;
  let egress: number | undefined;
  walk(trace.phases, start, minutes, (phase, m, length, at) => {
    if (phase.connections !== undefined) connections = levelAt(phase.connections, m, length, at);
    if (phase.egress !== undefined) egress = levelAt(phase.egress, m, length, at);
    out.push({ connections, egress });
  });
  return out;
}

function walk<P extends { minutes: number }>(
  phases: readonly P[],
  start: Date,
  minutes: number,
  /** `past`: the minute is after the last phase's end (the last phase's levels hold, its pins do not). */
  visit: (phase: P, minuteInPhase: number, phaseLength: number, at: Date, past: boolean) => void,
): void {
  let index = 0;
  let offset = 0;
  for (let minute = 0; minute < minutes; minute++) {
    let phase = phases[index] as P;
    while (minute - offset >= phase.minutes && index < phases.length - 1) {
      offset += phase.minutes;
      index++;
      phase = phases[index] as P;
    }
    const past = minute - offset >= phase.minutes;
    const inPhase = Math.min(minute - offset, phase.minutes - 1);
    visit(phase, inPhase, phase.minutes, new Date(start.getTime() + minute * 60_000), past);
  }
}

/** A level's value at minute `m` of a phase `length` minutes long, at clock time `at`. */
export function levelAt(level: Level, m: number, length: number, at: Date): number {
  if (typeof level === "number") return level;
  if ("from" in level) return level.from + ((level.to - level.from) * m) / Math.max(1, length - 1);
  const { min, max, peakHour } = level.daily;
  const hour = at.getUTCHours() + at.getUTCMinutes() / 60;
  return min + ((max - min) * (1 + Math.cos((2 * Math.PI * (hour - peakHour)) / 24))) / 2;
}
