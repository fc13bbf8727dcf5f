/**
 * The fuzz tests' shared harness: a runtime in which every executor, every state-table write and every metrics
 * publish is counted; generators of bad input (arbitrary JSON, and mutations of the real samples under events/);
 * the checks every handler's properties share: no unnamed error escapes, nothing is applied; and the preamble
 * of every handler's file (`describeFuzz`).
 *
 * `FUZZ_RUNS` sets the runs of each property (default 1,000; `npm run fuzz` runs 10,000), `FUZZ_SEED` replays
 * the seed a failure printed.
 */
import { BatchProcessor } from "@aws-lambda-powertools/batch";
import type { Context } from "aws-lambda";
import fc from "fast-check";
import { expect, vi } from "vitest";
import { MemoryPersistenceLayer } from "../../core/adapters/local/memory-idempotency.js";
import { memoryItemStore } from "../../core/adapters/local/memory-items.js";
import type { InvoiceDocument, InvoiceRef, InvoiceRepository } from "../../core/invoices/model.js";
import type { EffectType } from "../../core/kernel/effects.js";
import { Hero365Error } from "../../core/kernel/errors.js";
import type { Item, ItemStore } from "../../core/kernel/ports.js";
import { useRuntime } from "../../functions/lib/middleware/runtime.js";
import type { FunctionName, LocalRuntime } from "../../functions/lib/runtime.js";
import { lambdaContext, SAMPLE_STAGE } from "../../sim/local/local-invoke.js";
import { DEFAULT_WORLD, type WorldInput, WorldSchema, worldRuntime } from "../../sim/local/world.js";
import { testConfig } from "../support/config.js";
import { invoiceDocument } from "../support/invoice-documents.js";

export * from "./generators.js";
export { SAMPLE_STAGE };

const positive = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
};

/** Runs of each property. */
export const FUZZ_RUNS = positive(process.env.FUZZ_RUNS, 1_000);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

/** A test's time limit: generous, since the machine is shared; the speed goal is measured by hand. */
export const FUZZ_TIMEOUT = 60_000 + FUZZ_RUNS * 30;

/** Checks `property` over FUZZ_RUNS generated inputs. */
export async function fuzz<T>(input: fc.Arbitrary<T>, property: (value: T) => Promise<void>): Promise<void> {
  await fc.assert(fc.asyncProperty(input, property), {
    numRuns: FUZZ_RUNS,
    ...(SEED !== undefined && { seed: SEED }),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The counting runtime

/** Every effect type the app knows; tsc fails here when a new one is not listed, so none is ever uncounted. */
const OUTPUTS: { [T in EffectType]: (effect: never) => unknown } = {
  "sns.Publish": () => ({ messageId: "m-1" }),
  "sqs.SendMessage": () => ({ messageId: "m-1" }),
  "sqs.SendMessageBatch": () => ({ successful: 1 }),
  "sqs.ChangeMessageVisibility": () => ({}),
  "dynamodb.PutItem": () => ({}),
  "dynamodb.UpdateItem": () => ({}),
  "ecs.UpdateService": () => ({}),
  "applicationautoscaling.RegisterScalableTarget": () => ({}),
  "s3.PutObject": () => ({ etag: '"e1"' }),
  "postgres.invoices.update": () => ({ updated: 1 }),
  "events.PutEvents": () => ({ failedEntryCount: 0 }),
  "slack.chat.postMessage": () => ({ channel: "C0HERO365", ts: "1795789270.000100" }),
  "slack.chat.update": () => ({ channel: "C0HERO365", ts: "1795789270.000100" }),
  "slack.webhook.post": () => ({ ok: true }),
  "pagerduty.trigger": (e: { dedupKey: string }) => ({ dedupKey: e.dedupKey }),
  "pagerduty.resolve": (e: { dedupKey: string }) => ({ dedupKey: e.dedupKey }),
  "github.issues.create": () => ({ ref: "101", url: "https://github.example/hero365/platform/issues/101" }),
  "github.issues.createComment": () => ({ url: "https://github.example/hero365/platform/issues/101#c1" }),
  "webhook.post": (e: { ticketKey: string }) => ({ ref: e.ticketKey }),
  "ssm.PutParameter": () => ({ version: 2 }),
  "slack.respond": () => ({ ok: true }),
  "pagerduty.acknowledge": (e: { dedupKey: string }) => ({ dedupKey: e.dedupKey }),
  "lambda.Invoke": () => ({ statusCode: 202 }),
};
export const EFFECT_TYPES = Object.keys(OUTPUTS) as EffectType[];

export interface Tally {
  /** Executor calls by effect type (only types called). */
  executed: Partial<Record<EffectType, number>>;
  /** Effects reported applied or recorded (`onEffect`). */
  reported: number;
  /** State-table puts and deletes. */
  storeWrites: number;
  /** Metric sets published (the Supabase collector's EMF). */
  metricsPublished: number;
}

export interface CountingRuntime {
  runtime: LocalRuntime;
  tally: Tally;
  /** Executor calls in total. */
  executorCalls(): number;
}

const WORLD = WorldSchema.parse(DEFAULT_WORLD);
export const CONFIG = testConfig(SAMPLE_STAGE);
export const NOW = new Date(WORLD.now);
/** The secret the Function URL samples are signed with (the default world's). */
export const WEBHOOK_SECRET = WORLD.secrets.SUPABASE_WEBHOOK_SECRET as string;

export interface RuntimeOptions {
  /** The invoices the invoice functions see (default: a draft one for any id, and none due for the sweep). */
  invoices?: InvoiceRepository;
  /** What the readers see and the state table holds (default: the local tools' default world). */
  world?: WorldInput;
}

/**
 * A live (not dry-run) runtime over the default local world: readers from the world, state in memory, and
 * executors that succeed and are counted. Installed with `useRuntime` by `install`.
 */
export function countingRuntime(options: RuntimeOptions = {}): CountingRuntime {
  const tally: Tally = { executed: {}, reported: 0, storeWrites: 0, metricsPublished: 0 };
  const world = options.world ? WorldSchema.parse(options.world) : WORLD;
  const base = worldRuntime(world, SAMPLE_STAGE, CONFIG);
  const executors = Object.fromEntries(
    EFFECT_TYPES.map((type) => [
      type,
      async (effect: never) => {
        tally.executed[type] = (tally.executed[type] ?? 0) + 1;
        return OUTPUTS[type](effect);
      },
    ]),
  );
  const supabase = base.supabase;
  const runtime: LocalRuntime = {
    ...base,
    dryRun: false,
    // Not a local run: the ingest forwards through its executors, so what it would forward is counted.
    local: false,
    store: countingStore(memoryItemStore(world.state as Item[]), tally),
    executors,
    onEffect: () => {
      tally.reported += 1;
    },
    ...(supabase && {
      supabase: {
        ...supabase,
        metrics: {
          publish: (...args) => {
            tally.metricsPublished += 1;
            supabase.metrics.publish(...args);
          },
        },
      },
    }),
    invoices: async () => options.invoices ?? draftInvoices(),
    idempotency: new MemoryPersistenceLayer(),
    close: async () => undefined,
  };
  return {
    runtime,
    tally,
    executorCalls: () => Object.values(tally.executed).reduce((sum, n) => sum + n, 0),
  };
}

function countingStore(store: ItemStore, tally: Tally): ItemStore {
  return {
    get: (pk, sk) => store.get(pk, sk),
    query: (pk, fromSk) => store.query(pk, fromSk),
    put: (item, condition) => {
      tally.storeWrites += 1;
      return store.put(item, condition);
    },
    update: (update, condition) => {
      tally.storeWrites += 1;
      return store.update(update, condition);
    },
    delete: (pk, sk) => {
      tally.storeWrites += 1;
      return store.delete(pk, sk);
    },
  };
}

/** Any invoice asked for is a draft (skipped with a reason, nothing rendered); the sweep finds nothing due. */
export function draftInvoices(due: InvoiceRef[] = []): InvoiceRepository {
  return {
    async find(invoiceId, businessId) {
      const document: InvoiceDocument = invoiceDocument({ status: "draft" });
      return { ...document, invoice: { ...document.invoice, id: invoiceId, businessId } };
    },
    needingPdf: async () => due,
  };
}

/** Installs a fresh counting runtime for one run. */
export function install(functionName: FunctionName, options?: RuntimeOptions): CountingRuntime {
  const counting = countingRuntime(options);
  useRuntime(functionName, counting.runtime);
  return counting;
}

// ---------------------------------------------------------------------------------------------------------------
// Invoking and checking

export type Handler = (event: never, context: Context) => Promise<unknown>;
export type Outcome =
  | { ok: true; value: unknown; recordErrors: unknown[] }
  | { ok: false; error: unknown; recordErrors: unknown[] };

/** Invokes one handler with an event, as Lambda would (see `invoke`). */
export type Run = (event: unknown) => Promise<Outcome>;

/**
 * Invokes the handler the way Lambda does. Errors of single SQS records are caught by the batch processor and
 * only show as failed records, so they are collected too: a TypeError there is as much a crash as one thrown.
 */
export async function invoke(handler: Handler, event: unknown, functionName: string): Promise<Outcome> {
  const recordErrors: unknown[] = [];
  const original = BatchProcessor.prototype.failureHandler;
  const spy = vi.spyOn(BatchProcessor.prototype, "failureHandler").mockImplementation(function (
    this: BatchProcessor,
    record,
    error,
  ) {
    recordErrors.push(error);
    return original.call(this, record, error);
  });
  try {
    return { ok: true, value: await handler(event as never, lambdaContext(functionName, SAMPLE_STAGE)), recordErrors };
  } catch (error) {
    return { ok: false, error, recordErrors };
  } finally {
    spy.mockRestore();
    expectNoPrototypePollution();
  }
}

/** One of the project's named errors (they all extend Hero365Error); a TypeError or RangeError is a crash. */
export function expectNamed(error: unknown, kind: abstract new (...args: never[]) => Error = Hero365Error): void {
  if (!(error instanceof kind)) {
    throw new Error(`expected a ${kind.name}, got ${describeError(error)}`, { cause: error });
  }
}

/** The handler threw `kind` (InvalidEventError by default for malformed input). */
export function expectThrew(outcome: Outcome, kind: abstract new (...args: never[]) => Error): Error {
  if (outcome.ok) throw new Error(`expected a ${kind.name}, but the handler returned ${preview(outcome.value)}`);
  expectNamed(outcome.error, kind);
  return outcome.error as Error;
}

/** Nothing reached an executor, nothing was reported applied, nothing written, nothing published. */
export function expectNothingApplied(counting: CountingRuntime): void {
  expect(counting.tally).toEqual({ executed: {}, reported: 0, storeWrites: 0, metricsPublished: 0 });
}

/** No executor was called and no effect reported (a skip may still write its audit record). */
export function expectNoEffects(counting: CountingRuntime): void {
  expect({ executed: counting.tally.executed, reported: counting.tally.reported }).toEqual({
    executed: {},
    reported: 0,
  });
}

const OBJECT_KEYS = Object.getOwnPropertyNames(Object.prototype).join();
const ARRAY_KEYS = Object.getOwnPropertyNames(Array.prototype).join();

/** A `__proto__` key in an event must never reach the global prototypes. */
export function expectNoPrototypePollution(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).join()).toBe(OBJECT_KEYS);
  expect(Object.getOwnPropertyNames(Array.prototype).join()).toBe(ARRAY_KEYS);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : `a thrown ${preview(error)}`;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
