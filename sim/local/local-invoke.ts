/**
 * Runs one handler locally, the way Lambda would, against a world runtime (dry-run) or the AWS runtime
 * (--live, needs credentials and the deployed stack's environment).
 */
import { access, readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Context } from "aws-lambda";
import { handlerFile, REGISTERED_FUNCTIONS } from "../../core/actions/index.js";
import { localView } from "../../core/config/as-live.js";
import { stageConfig } from "../../core/config/index.js";
import type { AppliedEffect } from "../../core/kernel/applier.js";
import { useRuntime } from "../../functions/lib/middleware/runtime.js";
import type { BaseRuntime, FunctionName, LocalRuntime } from "../../functions/lib/runtime.js";
import { CLI_DEFAULT_STAGE, UsageError } from "../../scripts/lib/cli.js";
import { type PublishedMetrics, summaryLines } from "./invoke-summary.js";
import { collectingRecordFailures, type FailedRecord } from "./record-failures.js";
import { agreeWithEvent, loadWorld, type World, worldRuntime } from "./world.js";

export { describeEffect, effectBlocks } from "./invoke-summary.js";
export { UsageError };

export interface InvokeOutput {
  function: string;
  ok: boolean;
  effects: AppliedEffect["effect"][];
  result: unknown;
  error?: { name: string; message: string };
  /** What the collector published (EMF in Lambda); only when there is some. */
  metrics?: PublishedMetrics[];
  /** The error of each failed SQS record of a batch; only when some failed. */
  failedRecords?: FailedRecord[];
}

/** The stage the sample events under events/ are written for: the default of the local tools. */
export const SAMPLE_STAGE = CLI_DEFAULT_STAGE;

const ROOT = path.resolve(import.meta.dirname, "../..");
const FUNCTIONS = path.join(ROOT, "functions");

/**
 * Every function that can be invoked: the registry's (actions and workers, core/actions/) and the pipeline's
 * other functions under functions/ (ingest, collector, reconciler, Slack actions), by name.
 */
export async function functionNames(): Promise<string[]> {
  const { readdir } = await import("node:fs/promises");
  const others = (await readdir(FUNCTIONS)).filter((f) => f.endsWith(".ts")).map((f) => f.slice(0, -3));
  return [...new Set([...REGISTERED_FUNCTIONS.map((spec) => spec.functionName), ...others])].sort();
}

/** Where a function's handler is: the registry says for its functions, the others are functions/<name>.ts. */
function handlerPath(fn: string): string {
  const registered = REGISTERED_FUNCTIONS.find((spec) => spec.functionName === fn);
  return registered ? path.join(ROOT, handlerFile(registered)) : path.join(FUNCTIONS, `${fn}.ts`);
}

export async function readEvent(eventFile: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(eventFile, "utf8");
  } catch {
    throw new UsageError(`event file not found: ${eventFile}`);
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new UsageError(`event file ${eventFile} is not valid JSON: ${(cause as Error).message}`);
  }
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export async function loadHandler(fn: string): Promise<Handler> {
  const file = handlerPath(fn);
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (!/^[a-z][a-z0-9-]*$/.test(fn) || !exists) {
    throw new UsageError(`unknown function "${fn}"; functions: ${(await functionNames()).join(", ")}`);
  }
  const mod = (await import(pathToFileURL(file).href)) as { handler?: Handler };
  if (typeof mod.handler !== "function") {
    throw new UsageError(`${path.relative(ROOT, file)} exports no handler`);
  }
  return mod.handler;
}

/** Lambda's context object, as far as our middleware reads it. */
export function lambdaContext(fn: string, stage: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: `${stage}-hero365-scaling-${fn}`,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${stage}-hero365-scaling-${fn}`,
    memoryLimitInMB: "512",
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${stage}-hero365-scaling-${fn}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Powertools logs go to stdout in Lambda; locally stdout is reserved for the result. */
export function routeLogsToStderr(): void {
  process.env.POWERTOOLS_DEV = "true";
  process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";
  const toStderr = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(" ")}\n`);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
}

export interface InvokeRequest {
  fn: string;
  eventFile: string;
  stage: string;
  world?: string;
  live: boolean;
  /** Evaluate the stage as the file configures it (shadow mode, no PagerDuty) instead of as if live. */
  asConfigured?: boolean;
}

export async function invokeLocally(request: InvokeRequest): Promise<InvokeOutput> {
  routeLogsToStderr();
  process.env.SST_STAGE = request.stage;
  const config = localView(stageConfig(request.stage), request.asConfigured === true);
  const handler = await loadHandler(request.fn);
  const event = await readEvent(request.eventFile);
  let world: World | undefined;
  try {
    world = request.live ? undefined : agreeWithEvent(await loadWorld(request.world), event);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const output = await run(
    request.fn,
    handler,
    event,
    request.stage,
    world && worldRuntime(world, request.stage, config),
  );
  const { metrics = [], failedRecords = [] } = output;
  const summary = summaryLines({ ...request, ...output, metrics, failedRecords });
  process.stderr.write(`${summary.join("\n")}\n`);
  return output;
}

/**
 * What a local run gives a handler: the world's runtime (every port), or the simulator's over it. The function
 * takes the ports it reads; a world without them fails the invocation as a misconfigured runtime would.
 */
export type GivenRuntime = BaseRuntime & Partial<LocalRuntime>;

/** Invokes `handler` with `event`; `runtime` undefined means the AWS runtime from the environment (live). */
export async function run(
  fn: string,
  handler: Handler,
  event: unknown,
  stage: string,
  runtime: GivenRuntime | undefined,
): Promise<InvokeOutput> {
  // `loadHandler` found functions/<fn>.ts: fn names a function.
  const functionName = fn as FunctionName;
  const effects: AppliedEffect["effect"][] = [];
  const metrics: PublishedMetrics[] = [];
  const failedRecords: FailedRecord[] = [];
  const extra = () => ({
    ...(metrics.length && { metrics }),
    ...(failedRecords.length && { failedRecords }),
  });
  if (runtime) {
    const { supabase } = runtime;
    useRuntime(functionName, {
      ...runtime,
      onEffect: (applied) => {
        effects.push(applied.effect);
        runtime.onEffect?.(applied);
      },
      ...(supabase && {
        supabase: {
          ...supabase,
          metrics: {
            publish: (dimensions, data, metadata) => {
              metrics.push({ dimensions, data: [...data], ...(metadata && { metadata }) });
              supabase.metrics.publish(dimensions, data, metadata);
            },
          },
        },
      }),
    });
  } else {
    useRuntime(functionName, undefined);
  }
  try {
    const self = lambdaContext(fn, stage);
    const result = await collectingRecordFailures(failedRecords, () => handler(event, self));
    // The function's asynchronous invocations of itself (slack-actions hands a slow click on) run after the
    // answer, as Lambda would run them; their effects follow the answer's.
    for (let i = 0; runtime && i < effects.length; i += 1) {
      const planned = effects[i];
      if (planned?.type === "lambda.Invoke" && planned.functionName === self.functionName) {
        await handler(planned.payload, lambdaContext(fn, stage));
      }
    }
    return { function: fn, ok: true, effects, result, ...extra() };
  } catch (error) {
    const { name, message } = error as Error;
    return { function: fn, ok: false, effects, result: null, error: { name, message }, ...extra() };
  } finally {
    useRuntime(functionName, undefined);
    await runtime?.close?.();
  }
}

/** JSON for the output line: byte arrays (an S3 object's body) are described by their size. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v instanceof Uint8Array ? { bytes: v.byteLength } : v));
}
