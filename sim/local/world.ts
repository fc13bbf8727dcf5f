/**
 * The local world: what a handler would read from AWS (service counts, scalable targets, alarm states, prior
 * episodes and steps in the state table), as a JSON file. `npm run invoke -- ... --world <file>` loads one;
 * without it, the embedded default below matches the default stage configuration.
 */
import { readFile } from "node:fs/promises";
import * as z from "zod";
import { MemoryPersistenceLayer } from "../../core/adapters/local/memory-idempotency.js";
import { memoryItemStore } from "../../core/adapters/local/memory-items.js";
import { postgresInvoices } from "../../core/adapters/postgres/invoices.js";
import { lazyPostgres } from "../../core/adapters/postgres/postgres.js";
import type { StageConfig } from "../../core/config/index.js";
import { SECRET_NAMES, type SecretName } from "../../core/config/secrets.js";
import type { DiagnosticsReader } from "../../core/diagnostics/port.js";
import { ConfigurationError } from "../../core/kernel/errors.js";
import { describeIssues } from "../../core/kernel/parse.js";
import type { Item } from "../../core/kernel/ports.js";
import type { AlarmStateReader } from "../../core/scaling/service-state.js";
import { AlarmStateChangeEventSchema } from "../../events/index.js";
import type { LocalRuntime } from "../../functions/lib/runtime.js";
import { DEFAULT_SUPABASE_WORLD, SupabaseWorldSchema, worldSupabasePorts } from "./world-supabase.js";

const Instant = z.iso.datetime({ offset: true });

const DiagnosticsSchema = z.strictObject({
  deployments: z
    .array(
      z.strictObject({
        id: z.string(),
        status: z.string(),
        rolloutState: z.string().optional(),
        createdAt: Instant,
        updatedAt: Instant.optional(),
      }),
    )
    .default([]),
  recentDeployment: z.boolean().default(false),
  /** Newest first, as ECS lists them. */
  events: z.array(z.strictObject({ at: Instant, message: z.string() })).default([]),
  metrics: z
    .array(
      z.strictObject({
        label: z.string(),
        unit: z.enum(["Percent", "Seconds", "Count"]),
        points: z.array(z.strictObject({ at: Instant, value: z.number() })),
      }),
    )
    .default([]),
  errorLogLines: z.array(z.strictObject({ count: z.number().int().nonnegative(), message: z.string() })).optional(),
});

const ServiceStateSchema = z.strictObject({
  desiredCount: z.number().int().nonnegative(),
  runningCount: z.number().int().nonnegative(),
  pendingCount: z.number().int().nonnegative().default(0),
  /** The service's Application Auto Scaling target, or null when it has none. */
  scalableTarget: z
    .strictObject({
      minCapacity: z.number().int().nonnegative(),
      maxCapacity: z.number().int().positive(),
      suspended: z
        .strictObject({
          dynamicScalingInSuspended: z.boolean().default(false),
          dynamicScalingOutSuspended: z.boolean().default(false),
          scheduledScalingSuspended: z.boolean().default(false),
        })
        .default({
          dynamicScalingInSuspended: false,
          dynamicScalingOutSuspended: false,
          scheduledScalingSuspended: false,
        }),
    })
    .nullable()
    .default(null),
  /** A rolling deployment still in progress, started at this time. */
  deploymentInProgressSince: z.iso.datetime({ offset: true }).nullable().default(null),
  /** What "investigate" reads (deployments, ECS events, metrics, error log lines); counts come from above. */
  diagnostics: DiagnosticsSchema.optional(),
});

/** Application Auto Scaling refuses MinCapacity above MaxCapacity; a world that has one describes no real target. */
const servicesSchema = z
  .strictObject({ backend: ServiceStateSchema, frontend: ServiceStateSchema })
  .superRefine((services, ctx) => {
    for (const [service, state] of Object.entries(services)) {
      const target = state.scalableTarget;
      if (target && target.minCapacity > target.maxCapacity) {
        ctx.addIssue({
          code: "custom",
          path: [service, "scalableTarget"],
          message: `${service}'s scalable target has minCapacity ${target.minCapacity} above maxCapacity ${target.maxCapacity}`,
        });
      }
    }
  });

const AlarmValue = z.enum(["OK", "ALARM", "INSUFFICIENT_DATA"]);

export const WorldSchema = z.strictObject({
  /** The clock the handler sees. */
  now: z.iso.datetime({ offset: true }),
  services: servicesSchema,
  /**
   * Current alarm states by alarm name (what DescribeAlarms answers), a state alone or with the datapoints
   * behind it (newest last) and the transition it dates from. Alarms not listed are OK, except the invoked
   * event's alarm, which is as its event says (`agreeWithEvent`).
   */
  alarms: z
    .record(
      z.string(),
      z.union([
        AlarmValue,
        z.strictObject({
          state: AlarmValue,
          recentDatapoints: z.array(z.number()).default([]),
          since: z.string().optional(),
        }),
      ]),
    )
    .default({}),
  /** The kill switch's value (SSM parameter): true pauses until resumed, `{by, until}` until `until`. */
  paused: z
    .union([
      z.boolean(),
      z.strictObject({ by: z.string().min(1).optional(), until: z.iso.datetime({ offset: true }).optional() }),
    ])
    .default(false),
  /** Slack user groups' members, for the buttons' authorisation (`usergroups.users.list`). */
  slackUserGroups: z.record(z.string(), z.array(z.string())).default({}),
  /** Items already in the state table: prior episodes, steps, audit records. */
  state: z.array(z.looseObject({ pk: z.string(), sk: z.string() })).default([]),
  /** What the Supabase readers see: usage, the collector's recent metrics, ticket states, query statistics. */
  supabase: SupabaseWorldSchema.prefault(DEFAULT_SUPABASE_WORLD),
  /** Secret values by name (SSM in AWS); a secret not listed comes from `SST_Secret_value_<NAME>`. */
  secrets: z.partialRecord(z.enum(SECRET_NAMES), z.string().min(1)).default({}),
});
export type World = z.infer<typeof WorldSchema>;
export type WorldInput = z.input<typeof WorldSchema>;

/**
 * The secret the Function URL samples under events/function-url/ are signed with. A sample, known to everyone:
 * never set it as a stage's SUPABASE_WEBHOOK_SECRET.
 */
export const SAMPLE_WEBHOOK_SECRET = "whsec_aGVybzM2NS1zYW1wbGUtd2ViaG9vay1zZWNyZXQtMDE=";

/**
 * The Slack signing secret the samples under events/slack/ are signed with. A sample, known to everyone: never
 * set it as a stage's SLACK_SIGNING_SECRET.
 */
export const SAMPLE_SLACK_SIGNING_SECRET = "hero365-sample-slack-signing-secret-01";

/**
 * The default world: both services of the default (sample) stage, prod on the Growth tier, at their tier
 * minimum with a scalable target, nothing in flight.
 */
export const DEFAULT_WORLD: WorldInput = {
  now: "2026-11-27T03:20:00.000Z",
  secrets: { SUPABASE_WEBHOOK_SECRET: SAMPLE_WEBHOOK_SECRET, SLACK_SIGNING_SECRET: SAMPLE_SLACK_SIGNING_SECRET },
  services: {
    backend: {
      desiredCount: 3,
      runningCount: 3,
      scalableTarget: { minCapacity: 3, maxCapacity: 15 },
      diagnostics: {
        deployments: [
          {
            id: "ecs-svc/4790238591634851217",
            status: "PRIMARY",
            rolloutState: "COMPLETED",
            createdAt: "2026-11-27T14:02:11Z",
            updatedAt: "2026-11-27T14:09:40Z",
          },
        ],
        recentDeployment: true,
        events: [
          {
            at: "2026-11-27T14:09:40Z",
            message: "(service hero365-backend) has reached a steady state.",
          },
          {
            at: "2026-11-27T14:05:02Z",
            message: "(service hero365-backend) has started 2 tasks: (task 7c1d0e4b9a) (task 2f6a8c3e51).",
          },
        ],
        metrics: [
          {
            label: "HTTPCode_Target_5XX_Count",
            unit: "Count",
            points: minutes("2026-11-27T14:06:00Z", [0, 1, 0, 2, 9, 31, 44, 52]),
          },
          {
            label: "HTTPCode_ELB_5XX_Count",
            unit: "Count",
            points: minutes("2026-11-27T14:06:00Z", [0, 0, 0, 0, 1, 3, 4, 6]),
          },
          {
            label: "RequestCount",
            unit: "Count",
            points: minutes("2026-11-27T14:06:00Z", [1510, 1498, 1533, 1571, 1602, 1580, 1627, 1695]),
          },
        ],
        errorLogLines: [
          { count: 41, message: "ERROR invoice-service: connection terminated unexpectedly (pool exhausted)" },
          { count: 12, message: "ERROR POST /api/v1/jobs 500 upstream request timeout" },
        ],
      },
    },
    frontend: { desiredCount: 2, runningCount: 2, scalableTarget: { minCapacity: 2, maxCapacity: 8 } },
  },
};

export class WorldFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "WorldFileError";
  }
}

/**
 * The world as an invoked alarm event sees it unless the world says otherwise: the event's alarm, when not
 * listed, is in the event's state since its transition; listed in that state without `since`, it dates from
 * the event's transition. A world that lists the alarm in another state, or since another time, is one the
 * event is out of date in.
 */
export function agreeWithEvent(world: World, event: unknown): World {
  const parsed = AlarmStateChangeEventSchema.safeParse(event);
  if (!parsed.success) return world;
  const { alarmName, state } = parsed.data.detail;
  const entry = world.alarms[alarmName];
  const listed = typeof entry === "string" ? { state: entry, recentDatapoints: [] } : entry;
  if (listed && (listed.state !== state.value || listed.since)) return world;
  const since = state.timestamp;
  const agreed = listed ? { ...listed, since } : { state: state.value, recentDatapoints: [], since };
  return { ...world, alarms: { ...world.alarms, [alarmName]: agreed } };
}

export async function loadWorld(file?: string): Promise<World> {
  if (!file) return WorldSchema.parse(DEFAULT_WORLD);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (cause) {
    throw new WorldFileError(`cannot read world file ${file}: ${(cause as Error).message}`, { cause });
  }
  const parsed = WorldSchema.safeParse(json);
  if (!parsed.success) throw new WorldFileError(`invalid world file ${file}: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

/**
 * A runtime over the world: state in memory, readers from the world, effects recorded (dry-run). Invoices are
 * read from a real database, the one `SST_Secret_value_SUPABASE_DB_URL` names, connected only when a handler
 * asks for them.
 */
export function worldRuntime(world: World, stage: string, config: StageConfig): LocalRuntime {
  const now = () => new Date(world.now);
  const database = lazyPostgres(() => envSecret("SUPABASE_DB_URL"), `hero365-${stage}-local`);
  const supabase = worldSupabasePorts(world.supabase, now);
  return {
    stage,
    config,
    dryRun: true,
    local: true,
    now,
    store: memoryItemStore(world.state as Item[]),
    executors: {},
    secret: async (name) => world.secrets[name] ?? envSecret(name),
    services: { read: async (service) => structuredClone(world.services[service]) },
    alarms: worldAlarms(world),
    killSwitch: { paused: async () => world.paused },
    slackActions: {
      killSwitch: { read: async () => ({ state: world.paused, version: world.paused === false ? 0 : 1 }) },
      userGroups: { members: async (group) => world.slackUserGroups[group] ?? [] },
      alarms: worldAlarms(world),
      tickets: supabase.tickets,
    },
    supabase,
    invoices: async () => postgresInvoices(await database.sql()),
    idempotency: new MemoryPersistenceLayer(),
    close: database.close,
    diagnostics: worldDiagnostics(world),
  };
}

/** The world's alarms as DescribeAlarms would answer; a state without `since` dates from the world's now. */
export function worldAlarms(world: World): AlarmStateReader {
  return {
    read: async (name) => {
      const entry = world.alarms[name] ?? "OK";
      const { state, recentDatapoints, since } =
        typeof entry === "string" ? { state: entry, recentDatapoints: [], since: undefined } : entry;
      return {
        value: state,
        reason: "state from the local world",
        reasonData: JSON.stringify({ recentDatapoints }),
        timestamp: since ?? world.now,
      };
    },
  };
}

/** Diagnostics as the world describes them; a service without a `diagnostics` entry shows its counts only. */
export function worldDiagnostics(world: World): DiagnosticsReader {
  return {
    async collect(service) {
      const state = world.services[service];
      const d = state.diagnostics;
      return {
        service,
        desiredCount: state.desiredCount,
        runningCount: state.runningCount,
        pendingCount: state.pendingCount,
        deployments: d?.deployments ?? [],
        recentDeployment: d?.recentDeployment ?? false,
        events: d?.events ?? [],
        metrics: d?.metrics ?? [],
        ...(d?.errorLogLines && { errorLogLines: d.errorLogLines }),
      };
    },
  };
}

/** One point per minute from `start`, for the default world's metrics. */
function minutes(start: string, values: number[]) {
  return values.map((value, i) => ({ at: new Date(Date.parse(start) + i * 60_000).toISOString(), value }));
}

/** Locally, secrets come from the same variables SST sets in Lambda: `SST_Secret_value_<NAME>`. */
export async function envSecret(name: SecretName): Promise<string> {
  const value = process.env[`SST_Secret_value_${name}`];
  if (!value) throw new ConfigurationError(`secret ${name} is not set: export SST_Secret_value_${name}=<value>`);
  return value;
}
