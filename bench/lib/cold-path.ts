/**
 * The cold path of a reaction, measured end to end: in a fresh Node process, import the function's bundle (and
 * whatever its first invocation loads), construct its clients and run the first invocation of a realistic event
 * until the handler returns, against the loopback AWS stand-in (`aws-stand-in.ts`, the same fixed latency on
 * every call); then a second, warm invocation. Each function runs interleaved with its hand-written peer
 * (`bench/peers/<function>.ts`), each run on a fresh state table.
 */
import { execFile } from "node:child_process";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { stageConfig } from "../../core/config/index.js";
import { secretsOf } from "../../core/config/required-secrets.js";
import type { SecretName } from "../../core/config/secrets.js";
import { signedHeaders } from "../../scripts/lib/sign-webhook.js";
import { startDynalite } from "../../test/support/dynalite.js";
import BENCH_CONFIG from "../cold/config.js";
import { type AlarmState, type Recorded, startAwsStandIn } from "./aws-stand-in.js";
import { median } from "./stats.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const require = createRequire(import.meta.url);
const esbuild = require(require.resolve("esbuild", { paths: [path.dirname(require.resolve("sst/package.json"))] }));

export const WEBHOOK_SECRET = `whsec_${Buffer.from("bench-webhook-secret-of-32-bytes").toString("base64")}`;

/** A function the bench measures: its events and the call that is its first action. */
export interface ColdCase {
  name: string;
  /** The first invocation's event and the warm one's (another target of the same kind where there is one). */
  first: () => unknown;
  warm: () => unknown;
  /** The operations that count as acting (the scaling call, the page, the notice, the ticket, the PutEvents). */
  actions: readonly string[];
}

const event = async (name: string) => JSON.parse(await readFile(path.join(ROOT, "events", `${name}.json`), "utf8"));

/** An alarm state change as EventBridge delivers it now (a fresh one: the freshness check reads its age). */
async function alarmEvent(name: string) {
  const template = await event(`cloudwatch/${name}`);
  return () => {
    const at = new Date(Date.now() - 2_000);
    const copy = structuredClone(template);
    copy.id = crypto.randomUUID();
    copy.time = at.toISOString().replace(/\.\d+Z$/, "Z");
    copy.detail.state.timestamp = at.toISOString().replace("Z", "+0000");
    return copy;
  };
}

async function webhookEvent(name: string) {
  const template = await event(`function-url/${name}`);
  return () => {
    const copy = structuredClone(template);
    copy.headers = { ...copy.headers, ...signedHeaders(copy.body, WEBHOOK_SECRET) };
    copy.requestContext.requestId = crypto.randomUUID();
    copy.requestContext.timeEpoch = Date.now();
    return copy;
  };
}

export async function coldCases(): Promise<ColdCase[]> {
  return [
    {
      name: "scale-ecs",
      first: await alarmEvent("cpu-high.alarm"),
      warm: await alarmEvent("cpu-high.alarm.frontend"),
      actions: ["RegisterScalableTarget", "UpdateService"],
    },
    {
      name: "page-oncall",
      first: await alarmEvent("error-rate-high.alarm"),
      warm: await alarmEvent("lb-error-rate-high.alarm"),
      actions: ["POST /pagerduty/v2/enqueue", "Publish"],
    },
    {
      name: "notify",
      first: await alarmEvent("cpu-critical.alarm"),
      warm: await alarmEvent("memory-critical.alarm"),
      actions: ["POST /slack/api/chat.postMessage", "Publish"],
    },
    {
      name: "plan-upgrade-ticket",
      first: await alarmEvent("db-connections-high.alarm"),
      warm: await alarmEvent("db-connections-high.ok"),
      actions: ["POST /github/repos/hero365/platform/issues"],
    },
    {
      name: "optimize-query-alert",
      first: await alarmEvent("bandwidth-high.alarm"),
      warm: await alarmEvent("bandwidth-high.ok"),
      actions: ["POST /slack/api/chat.postMessage", "Publish"],
    },
    {
      name: "supabase-webhook",
      first: await webhookEvent("invoices.insert.signed"),
      warm: await webhookEvent("invoices.update-finalized.signed"),
      actions: ["PutEvents"],
    },
  ];
}

/** esbuild options of the app's functions (stacks/index.ts `nodejs` defaults, SST v2's ESM banner): SDK bundled. */
const SST_LIKE = {
  platform: "node",
  bundle: true,
  format: "esm",
  target: "esnext",
  mainFields: ["module", "main"],
  keepNames: true,
  logLevel: "silent",
  banner: {
    js: [
      `import { createRequire as topLevelCreateRequire } from 'module';`,
      "const require = topLevelCreateRequire(import.meta.url);",
      `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
      `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
    ].join("\n"),
  },
};

/** hero365.config.ts → bench/cold/config.ts: prod live, the outside APIs at the stand-in. */
const benchConfig = {
  name: "bench-config",
  setup(build: { onResolve: (o: { filter: RegExp }, f: () => { path: string }) => void }) {
    build.onResolve({ filter: /hero365\.config\.js$/ }, () => ({ path: path.join(ROOT, "bench/cold/config.ts") }));
  },
};

export interface Built {
  entry: string;
  bytes: number;
}

/**
 * The function as the stacks build it (split chunks, minified, the SDK bundled), with the bench configuration.
 * `options` overrides esbuild settings, to measure a lever (`{ external: ["@aws-sdk/*", "@smithy/*"] }`: the
 * runtime's SDK, as before).
 */
export async function buildFunction(name: string, outDir: string, options: Record<string, unknown> = {}) {
  await rm(outDir, { recursive: true, force: true });
  await esbuild.build({
    ...SST_LIKE,
    entryPoints: { index: path.join(ROOT, "functions", `${name}.ts`) },
    outdir: outDir,
    outExtension: { ".js": ".mjs" },
    splitting: true,
    minify: true,
    sourcemap: false,
    external: [],
    plugins: [benchConfig],
    ...options,
  });
  return built(outDir);
}

/** A peer the way a team builds a Lambda by default: esbuild, one file, SDK external, nothing else. */
export async function buildPeer(name: string, outDir: string): Promise<Built> {
  await rm(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: { index: path.join(ROOT, "bench", "peers", `${name}.ts`) },
    outdir: outDir,
    outExtension: { ".js": ".mjs" },
    platform: "node",
    bundle: true,
    format: "esm",
    target: "node22",
    logLevel: "silent",
    external: ["@aws-sdk/*", "@smithy/*"],
  });
  return built(outDir);
}

async function built(outDir: string): Promise<Built> {
  const { readdir } = await import("node:fs/promises");
  const files = (await readdir(outDir)).filter((f) => f.endsWith(".mjs"));
  const sizes = await Promise.all(files.map((f) => stat(path.join(outDir, f)).then((s) => s.size)));
  return { entry: path.join(outDir, "index.mjs"), bytes: sizes.reduce((a, b) => a + b, 0) };
}

/** Runs in the fresh process: import, first invocation, a marker request, the warm invocation. */
const PROBE = `
import { readFileSync } from "node:fs";
const [file, firstPath, warmPath] = process.argv.slice(1);
const first = JSON.parse(readFileSync(firstPath, "utf8"));
const warm = JSON.parse(readFileSync(warmPath, "utf8"));
const context = (id) => ({
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, functionVersion: "$LATEST", memoryLimitInMB: "512",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:" + process.env.AWS_LAMBDA_FUNCTION_NAME,
  awsRequestId: id, logGroupName: "/aws/lambda/bench", logStreamName: "bench", callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30000, done() {}, fail() {}, succeed() {},
});
const t0 = performance.now();
const mod = await import(file);
const t1 = performance.now();
const firstResult = await mod.handler(first, context("first"));
const t2 = performance.now();
await fetch(process.env.AWS_ENDPOINT_URL + "/__warm");
const t3 = performance.now();
const warmResult = await mod.handler(warm, context("warm"));
const t4 = performance.now();
process.stdout.write("\\n@@cold " + JSON.stringify({ importMs: t1 - t0, firstMs: t2 - t1, warmMs: t4 - t3,
  first: summary(firstResult), warm: summary(warmResult) }) + "\\n");
function summary(r) { const s = JSON.stringify(r) ?? "undefined"; return s.length > 300 ? s.slice(0, 300) + "…" : s; }
`;

export interface RunSample {
  importMs: number;
  firstMs: number;
  totalMs: number;
  warmMs: number;
  /** AWS and outside calls of the first invocation. */
  calls: number;
  /** Round trips one after another before the first action starts (0: acting is the first call). */
  sequentialBeforeAction: number | undefined;
  operations: string[];
  first: string;
  warm: string;
}

export interface ColdOptions {
  runs: number;
  latencyMs: number;
  only?: readonly string[];
  log?: (line: string) => void;
  /** Builds per function, replacing the default function build (a lever under measurement). */
  variants?: Record<string, (name: string, outDir: string) => Promise<Built>>;
}

/** Median figures of one side (the function, a variant, or its peer). */
export interface ColdSide {
  importMs: number;
  firstMs: number;
  totalMs: number;
  warmMs: number;
  calls: number;
  sequentialCallsBeforeAction: number | undefined;
  bundleKb: number;
}

export interface ColdResult {
  name: string;
  sides: Record<string, ColdSide>;
  /** The first run's call order of each side, for the reader. */
  operations: Record<string, string[]>;
  /** What the first invocation returned (first run), so a broken run is visible. */
  returned: Record<string, string>;
}

export async function measureColdPaths(options: ColdOptions): Promise<ColdResult[]> {
  const log = options.log ?? (() => undefined);
  const cases = (await coldCases()).filter((c) => !options.only || options.only.includes(c.name));
  const outRoot = path.join(ROOT, ".sst", "bench", "cold");
  await mkdir(outRoot, { recursive: true });
  const builds = new Map<string, Record<string, Built>>();
  for (const c of cases) {
    const sides: Record<string, Built> = {
      function: await buildFunction(c.name, path.join(outRoot, "function", c.name)),
      peer: await buildPeer(c.name, path.join(outRoot, "peer", c.name)),
    };
    for (const [variant, build] of Object.entries(options.variants ?? {})) {
      sides[variant] = await build(c.name, path.join(outRoot, variant, c.name));
    }
    builds.set(c.name, sides);
  }
  const dynamo = await startDynalite();
  const standIn = await startAwsStandIn({ latencyMs: options.latencyMs, dynamoUrl: dynamo.endpoint });
  for (const [name, value] of Object.entries(SECRET_VALUES)) standIn.secrets.set(name, value);
  const samples = new Map<string, Map<string, RunSample[]>>();
  let table = 0;
  try {
    for (let run = 0; run < options.runs; run++) {
      log(`  run ${run + 1}/${options.runs}`);
      for (const c of cases) {
        const sides = Object.entries(builds.get(c.name) ?? {});
        // Interleaved, and the order turns every run: neither side always goes first.
        const order = sides.map((_, i) => sides[(i + run) % sides.length] as [string, Built]);
        for (const [side, build] of order) {
          const name = `state-${++table}`;
          await dynamo.createTable(name);
          const sample = await runOnce(c, build.entry, name, standIn, outRoot);
          const bySide = samples.get(c.name) ?? new Map<string, RunSample[]>();
          samples.set(c.name, bySide);
          bySide.set(side, [...(bySide.get(side) ?? []), sample]);
        }
      }
    }
  } finally {
    await standIn.close();
    await dynamo.close();
  }
  return cases.map((c) => {
    const bySide = samples.get(c.name) ?? new Map<string, RunSample[]>();
    const sides: Record<string, ColdSide> = {};
    const operations: Record<string, string[]> = {};
    const returned: Record<string, string> = {};
    for (const [side, list] of bySide) {
      const sequential = list.map((s) => s.sequentialBeforeAction).filter((n): n is number => n !== undefined);
      sides[side] = {
        importMs: median(list.map((s) => s.importMs)),
        firstMs: median(list.map((s) => s.firstMs)),
        totalMs: median(list.map((s) => s.totalMs)),
        warmMs: median(list.map((s) => s.warmMs)),
        calls: median(list.map((s) => s.calls)),
        sequentialCallsBeforeAction: sequential.length === list.length ? median(sequential) : undefined,
        bundleKb: Math.round(((builds.get(c.name)?.[side]?.bytes ?? 0) / 1024) * 10) / 10,
      };
      operations[side] = list[0]?.operations ?? [];
      returned[side] = list[0]?.first ?? "";
    }
    return { name: c.name, sides, operations, returned };
  });
}

export async function runOnce(
  c: ColdCase,
  entry: string,
  table: string,
  standIn: Awaited<ReturnType<typeof startAwsStandIn>>,
  outRoot: string,
): Promise<RunSample> {
  const first = c.first() as { detail?: { alarmName: string; state: { value: string; timestamp: string } } };
  const warm = c.warm() as typeof first;
  standIn.alarms.clear();
  standIn.warmAlarms.clear();
  if (first.detail) standIn.alarms.set(first.detail.alarmName, alarmStateOf(first.detail));
  if (warm.detail) {
    // Another alarm is in its state from the start; the same alarm changes state after the first invocation.
    const target = warm.detail.alarmName === first.detail?.alarmName ? standIn.warmAlarms : standIn.alarms;
    target.set(warm.detail.alarmName, alarmStateOf(warm.detail));
  }
  const firstPath = path.join(outRoot, "first.json");
  const warmPath = path.join(outRoot, "warm.json");
  await writeFile(firstPath, JSON.stringify(first));
  await writeFile(warmPath, JSON.stringify(warm));
  standIn.take();
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [
        ...(process.env.HERO365_BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? []),
        "--input-type=module",
        "-e",
        PROBE,
        pathToFileURL(entry).href,
        firstPath,
        warmPath,
      ],
      { env: childEnv(c.name, table, standIn.url), maxBuffer: 64 * 2 ** 20 },
      (error, out, err) => (error ? reject(new Error(`${c.name} (${entry}): ${err || error.message}`)) : resolve(out)),
    );
  });
  const line = stdout.split("\n").find((l) => l.startsWith("@@cold "));
  if (!line) throw new Error(`${c.name} (${entry}) printed no result:\n${stdout.slice(-2000)}`);
  const measured = JSON.parse(line.slice("@@cold ".length));
  const recorded = standIn.take();
  const mark = recorded.findIndex((r) => r.operation === "GET /__warm");
  const firstCalls = mark < 0 ? recorded : recorded.slice(0, mark);
  if (process.env.HERO365_BENCH_TRACE) {
    const t0 = Math.min(...firstCalls.map((r) => r.start));
    for (const r of firstCalls)
      process.stderr.write(
        `  ${c.name} ${(r.start - t0).toFixed(1).padStart(7)} → ${(r.end - t0).toFixed(1).padStart(7)}  ${r.operation}\n`,
      );
  }
  return {
    importMs: measured.importMs,
    firstMs: measured.firstMs,
    totalMs: measured.importMs + measured.firstMs,
    warmMs: measured.warmMs,
    calls: firstCalls.length,
    sequentialBeforeAction: sequentialBefore(firstCalls, c.actions),
    operations: firstCalls.map((r) => r.operation),
    first: measured.first,
    warm: measured.warm,
  };
}

function alarmStateOf(detail: { state: { value: string; timestamp: string } }): AlarmState {
  return { value: detail.state.value, since: detail.state.timestamp.replace("+0000", "Z") };
}

/**
 * Round trips in series before the first action: the longest chain of calls, each starting after the previous
 * one's answer, that ends before the action starts. Calls in flight together count once.
 */
export function sequentialBefore(calls: readonly Recorded[], actions: readonly string[]): number | undefined {
  const action = calls.find((c) => actions.includes(c.operation));
  if (!action) return undefined;
  const before = calls.filter((c) => c.end <= action.start).sort((a, b) => a.start - b.start);
  const depth = new Map<Recorded, number>();
  let deepest = 0;
  for (const call of before) {
    const previous = before.filter((p) => p.end <= call.start).map((p) => depth.get(p) ?? 0);
    const d = 1 + Math.max(0, ...previous);
    depth.set(call, d);
    deepest = Math.max(deepest, d);
  }
  return deepest;
}

/** What the stacks set on every function (the union: each reads only its own), pointed at the stand-in. */
function childEnv(name: string, table: string, url: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_OPTIONS: "",
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    AWS_ENDPOINT_URL: url,
    AWS_LAMBDA_FUNCTION_NAME: `hero365-prod-${name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "512",
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
    SST_APP: "hero365",
    SST_STAGE: "prod",
    STATE_TABLE_NAME: table,
    ALERTS_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:hero365-prod-alerts",
    ONCALL_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:hero365-prod-oncall",
    FOLLOW_UP_QUEUE_URL: `${url}/123456789012/hero365-prod-${name}-follow-ups`,
    KILL_SWITCH_PARAMETER: "/hero365/prod/paused",
    APP_BUS_NAME: "hero365-prod-app",
    HERO365_BENCH_API_URL: url,
    // As SST deploys a bound secret: its value is read from SSM when the function first asks for it.
    SST_SSM_PREFIX: "/sst/hero365/prod/",
    ...Object.fromEntries(
      secretsOf(stageConfig("prod", BENCH_CONFIG), name).map((secret) => [
        `SST_Secret_value_${secret}`,
        "__FETCH_FROM_SSM__",
      ]),
    ),
    POWERTOOLS_SERVICE_NAME: name,
  };
}

/** The secrets' values, which the stand-in's SSM answers. */
export const SECRET_VALUES: Partial<Record<SecretName, string>> = {
  SLACK_BOT_TOKEN: "xoxb-bench-token",
  PAGERDUTY_ROUTING_KEY: "R0UT1NGKEY0123456789012345678901",
  GITHUB_TOKEN: "ghp_bench",
  SUPABASE_SERVICE_ROLE_KEY: "service-role-key-for-bench",
  SUPABASE_DB_URL: process.env.HERO365_BENCH_DB_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  SUPABASE_WEBHOOK_SECRET: WEBHOOK_SECRET,
};
