/**
 * The local world: what a handler would read from AWS (service counts, scalable targets, alarm states, prior
 * episodes and steps in the state table), as a JSON file. `npm run invoke -- ... --world <file>` loads one;
 * without it, the embedded default below matches the default stage configuration.
 */
import { readFile } from "node:fs/promises";
import * as z from "zod";
import { memoryItemStore } from "../../core/adapters/memory-items.js";
import type { StageConfig } from "../../core/config/index.js";
import { ConfigurationError } from "../../core/errors.js";
import type { Item } from "../../core/ports.js";
import { SECRET_NAMES, type SecretName } from "../../core/secrets.js";
import { describeIssues } from "../../events/index.js";
import type { Runtime } from "../../functions/lib/runtime.js";

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

export const WorldSchema = z.strictObject({
  /** The clock the handler sees. */
  now: z.iso.datetime({ offset: true }),
  services: z.strictObject({ backend: ServiceStateSchema, frontend: ServiceStateSchema }),
  /** Current alarm states by alarm name; alarms not listed are OK. */
  alarms: z.record(z.string(), z.enum(["OK", "ALARM", "INSUFFICIENT_DATA"])).default({}),
  /** The kill switch's value (SSM parameter): true pauses every automatic action. */
  paused: z.boolean().default(false),
  /** Items already in the state table: prior episodes, steps, audit records. */
  state: z.array(z.looseObject({ pk: z.string(), sk: z.string() })).default([]),
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

/** The default world: both services of the default stage at their tier minimum, nothing in flight. */
export const DEFAULT_WORLD: WorldInput = {
  now: "2026-11-27T03:20:00.000Z",
  secrets: { SUPABASE_WEBHOOK_SECRET: SAMPLE_WEBHOOK_SECRET },
  services: {
    backend: { desiredCount: 2, runningCount: 2, scalableTarget: { minCapacity: 2, maxCapacity: 5 } },
    frontend: { desiredCount: 2, runningCount: 2, scalableTarget: { minCapacity: 2, maxCapacity: 3 } },
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

/** A runtime over the world: state in memory, effects recorded (dry-run). */
export function worldRuntime(world: World, stage: string, config: StageConfig): Runtime {
  return {
    stage,
    config,
    dryRun: true,
    local: true,
    now: () => new Date(world.now),
    store: memoryItemStore(world.state as Item[]),
    executors: {},
    secret: async (name) => world.secrets[name] ?? envSecret(name),
  };
}

/** Locally, secrets come from the same variables SST sets in Lambda: `SST_Secret_value_<NAME>`. */
export async function envSecret(name: SecretName): Promise<string> {
  const value = process.env[`SST_Secret_value_${name}`];
  if (!value) throw new ConfigurationError(`secret ${name} is not set: export SST_Secret_value_${name}=<value>`);
  return value;
}
