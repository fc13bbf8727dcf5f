/**
 * What every deployed runtime is built on: the environment the stacks set (validated), the stage's
 * configuration, the state table and the secrets, with each SDK client created once per container on first use.
 * Nothing here loads a client or an adapter until something needs it; the reactions' runtime (aws-runtime.ts)
 * and the ingest's (ingest-runtime.ts) add their ports and executors on top.
 */
import * as z from "zod";
import { stageConfig } from "../../core/config/index.js";
import type { EffectType } from "../../core/kernel/effects.js";
import { ConfigurationError } from "../../core/kernel/errors.js";
import { describeIssues } from "../../core/kernel/parse.js";
import type { Executor, Executors, ItemStore } from "../../core/kernel/ports.js";
import { sstSecrets } from "./sst-secrets.js";

const EnvironmentSchema = z.object({
  SST_STAGE: z.string().min(1),
  STATE_TABLE_NAME: z.string().min(1),
  ALERTS_TOPIC_ARN: z.string().startsWith("arn:").optional(),
  ONCALL_TOPIC_ARN: z.string().startsWith("arn:").optional(),
  FOLLOW_UP_QUEUE_URL: z.url().optional(),
  KILL_SWITCH_PARAMETER: z.string().startsWith("/").optional(),
  INVOICES_BUCKET_NAME: z.string().min(3).optional(),
  INVOICE_QUEUE_URL: z.url().optional(),
  APP_BUS_NAME: z.string().min(1).optional(),
  INGEST_FALLBACK_QUEUE_URL: z.url().optional(),
  /** Set by the stacks on a personal stage's functions: record every effect, apply none. */
  HERO365_DRY_RUN: z.enum(["true", "false"]).optional(),
});

/**
 * Every client: the SDK's standard retries (3 attempts, backoff with jitter, throttling-aware), and timeouts so
 * a hung endpoint fails the invocation (and its retry path) instead of eating the Lambda timeout.
 */
export const AWS_CLIENT_CONFIG = {
  maxAttempts: 3,
  // Newer SDKs only warn on a request timeout unless told to throw.
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
} as const;

/**
 * A client called on every request of a warm container (the webhook ingest's EventBridge): the handler its
 * command resolves from the middleware stack is built once and kept (`cacheMiddleware`), a quarter of each
 * call's CPU (docs/benchmarks.md). Nothing here adds middleware to a single command. Not for DynamoDB: the
 * Document client refuses it.
 */
export const HOT_CLIENT_CONFIG = { ...AWS_CLIENT_CONFIG, cacheMiddleware: true } as const;

/** The environment, the configuration, the clock, the state table and the secrets of a deployed function. */
export function awsBase(env: NodeJS.ProcessEnv = process.env) {
  const parsed = EnvironmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigurationError(`function environment: ${describeIssues(parsed.error.issues)}`, {
      cause: parsed.error,
    });
  }
  const vars = parsed.data;
  const config = stageConfig(vars.SST_STAGE);
  const now = () => new Date();
  const store = deferredStore(
    lazy(async () => {
      const [{ DynamoDBClient }, { dynamoItemStore }] = await Promise.all([
        import("./clients/dynamodb.js"),
        import("../../core/adapters/aws/dynamo-items.js"),
      ]);
      return dynamoItemStore(new DynamoDBClient(AWS_CLIENT_CONFIG), vars.STATE_TABLE_NAME);
    }),
  );
  const ssm = lazy(async () => new (await import("./clients/ssm.js")).SSMClient(AWS_CLIENT_CONFIG));
  const secret = sstSecrets({
    stage: vars.SST_STAGE,
    ssm,
    // The runtime is built by the invocation's first call: the secrets load beside its first reads.
    prefetch: true,
    // Loaded on the first missing secret only: the metrics library stays off every cold start.
    onMissing: async (name) =>
      (await import("../../core/adapters/aws/emf-pipeline-metrics.js")).emfSecretMissing(vars.SST_STAGE)(name),
  });
  // A named stage applies (its `safety.dryRun` is shadow mode, decided in core: the notices still go out). A
  // personal stage shadows another stage's services and alarms: it never applies, not even a notice.
  const dryRun = vars.HERO365_DRY_RUN === "true" || config.role.kind === "personal";
  /** The runtime's common part, for the runtimes built on this one to spread. */
  const runtime = { stage: vars.SST_STAGE, config, dryRun, now, store, secret, prepare };
  return { vars, config, now, store, ssm, secret, runtime };
}

/**
 * A runtime's `prepare`: starts loading an executor's client ahead of its first use (an `onFirstUse` executor),
 * e.g. the bus client while the webhook secret is still being read.
 */
export function prepare(this: { executors: Executors }, type: EffectType): void {
  ((this.executors as Record<string, unknown>)[type] as { prepare?: () => void } | undefined)?.prepare?.();
}

/** One client (or adapter) per container, loaded and created when first needed; a failed load is tried again. */
export function lazy<T>(create: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= create().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}

/** The state table, its client loaded by the first read or write. */
export function deferredStore(load: () => Promise<ItemStore>): ItemStore {
  return {
    get: async (pk, sk) => (await load()).get(pk, sk),
    put: async (item, condition) => (await load()).put(item, condition),
    update: async (update, condition) => (await load()).update(update, condition),
    delete: async (pk, sk) => (await load()).delete(pk, sk),
    query: async (pk, fromSk) => (await load()).query(pk, fromSk),
  };
}

/** An executor whose client and adapter load on its first use, or when `prepare` asks for them sooner. */
export function onFirstUse<T extends EffectType>(load: () => Promise<Executor<T>>): Executor<T> & { prepare(): void } {
  const start = lazy(load);
  return Object.assign(async (...args: Parameters<Executor<T>>) => (await start())(...args), {
    // Started early and failed: the first use tries again (and reports the error).
    prepare: () => void start().catch(() => {}),
  });
}
