/**
 * The local world: what a handler would read from AWS (service counts, scalable targets, alarm states, prior
 * episodes and steps in the state table), as a JSON file. `npm run invoke -- ... --world <file>` loads one;
 * without it, the embedded default below matches the default stage configuration.
 */
import { readFile } from "node:fs/promises";
import * as z from "zod";
import { MemoryPersistenceLayer } from "../../core/adapters/memory-idempotency.js";
import { memoryItemStore } from "../../core/adapters/memory-items.js";
import { lazyPostgres } from "../../core/adapters/postgres.js";
import { postgresInvoices } from "../../core/adapters/postgres-invoices.js";
import type { StageConfig } from "../../core/config/index.js";
import { ConfigurationError } from "../../core/errors.js";
import type { Item } from "../../core/ports.js";
import type { SecretName } from "../../core/secrets.js";
import { describeIssues } from "../../events/index.js";
import type { Runtime } from "../../functions/lib/runtime.js";
import { DEFAULT_SUPABASE_WORLD, SupabaseWorldSchema, worldSupabasePorts } from "./world-supabase.js";

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
});

const AlarmValue = z.enum(["OK", "ALARM", "INSUFFICIENT_DATA"]);

export const WorldSchema = z.strictObject({
  /** The clock the handler sees. */
  now: z.iso.datetime({ offset: true }),
  services: z.strictObject({ backend: ServiceStateSchema, frontend: ServiceStateSchema }),
  /**
   * Current alarm states by alarm name (what a follow-up re-reads); alarms not listed are OK. A state alone,
   * or with the datapoints behind it, newest last.
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
  /** The kill switch's value (SSM parameter): true pauses every automatic action. */
  paused: z.boolean().default(false),
  /** Items already in the state table: prior episodes, steps, audit records. */
  state: z.array(z.looseObject({ pk: z.string(), sk: z.string() })).default([]),
  /** What the Supabase readers see: usage, the collector's recent metrics, ticket states, query statistics. */
  supabase: SupabaseWorldSchema.prefault(DEFAULT_SUPABASE_WORLD),
});
export type World = z.infer<typeof WorldSchema>;
export type WorldInput = z.input<typeof WorldSchema>;

/**
 * The default world: both services of the default (sample) stage, prod on the Growth tier, at their tier
 * minimum with a scalable target, nothing in flight.
 */
export const DEFAULT_WORLD: WorldInput = {
  now: "2026-11-27T03:20:00.000Z",
  services: {
    backend: { desiredCount: 3, runningCount: 3, scalableTarget: { minCapacity: 3, maxCapacity: 15 } },
    frontend: { desiredCount: 2, runningCount: 2, scalableTarget: { minCapacity: 2, maxCapacity: 8 } },
  },
};

export class WorldFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "WorldFileError";
  }
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
export function worldRuntime(world: World, stage: string, config: StageConfig): Runtime {
  const now = () => new Date(world.now);
  const database = lazyPostgres(() => envSecret("SUPABASE_DB_URL"), `hero365-${stage}-local`);
  return {
    stage,
    config,
    dryRun: true,
    now,
    store: memoryItemStore(world.state as Item[]),
    executors: {},
    secret: envSecret,
    services: { read: async (service) => structuredClone(world.services[service]) },
    alarms: {
      read: async (name) => {
        const entry = world.alarms[name] ?? "OK";
        const { state, recentDatapoints, since } =
          typeof entry === "string" ? { state: entry, recentDatapoints: [], since: undefined } : entry;
        return {
          value: state,
          reason: "state from the local world",
          reasonData: JSON.stringify({ recentDatapoints }),
          timestamp: since ?? now().toISOString(),
        };
      },
    },
    killSwitch: { paused: async () => world.paused },
    supabase: worldSupabasePorts(world.supabase, now),
    invoices: async () => postgresInvoices(await database.sql()),
    idempotency: new MemoryPersistenceLayer(),
    close: database.close,
  };
}

/** Locally, secrets come from the same variables SST sets in Lambda: `SST_Secret_value_<NAME>`. */
export async function envSecret(name: SecretName): Promise<string> {
  const value = process.env[`SST_Secret_value_${name}`];
  if (!value) throw new ConfigurationError(`secret ${name} is not set: export SST_Secret_value_${name}=<value>`);
  return value;
}
