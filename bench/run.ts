/**
 * `npm run bench`: the cold path of each reaction against its hand-written peer (bench/cold-start.ts: import,
 * first invocation against a loopback AWS stand-in, warm invocation; the goal), then, as information, every
 * function's bundle size and cold import against a bare one-SDK-client handler built in the same run, the
 * in-process latency of the decisions, and the throughput benches. Prints the tables and writes
 * bench/results.json. Figures are ratios measured in one run because this machine is noisy.
 */
import "../scripts/lib/cli-guard.js";
import { spawnSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { CLI_DEFAULT_STAGE, commandLine } from "../scripts/lib/cli.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX_CLI = createRequire(import.meta.url).resolve("tsx/cli");
const RUNS = 12;
/** The cold path's goals are bench/cold-start.ts's; bundle sizes and cold imports are information only. */
const GOALS = { decisionP99Ms: 5 };

const log = (line: string) => process.stderr.write(`${line}\n`);

await commandLine({
  command: "npm run bench",
  usage: "",
  about:
    "Measures each reaction's cold path (import + first invocation against a loopback AWS stand-in, and a\n" +
    "warm one) against its hand-written peer, median of 15 interleaved runs; then bundle sizes and cold\n" +
    "imports against a bare one-SDK-client handler, the decision latency, and the ingest and invoice\n" +
    "throughput benches. Prints the tables, writes bench/results.json. Takes minutes; figures are ratios\n" +
    "measured in one run because machines are noisy.",
  options: {},
  stage: `the functions are built as ${CLI_DEFAULT_STAGE}'s`,
  examples: [{ run: "npm run bench", does: "measure everything, write bench/results.json" }],
});
// The CDK and esbuild load in seconds: only once the command line is known to be good.
const { synthesize } = await import("../sim/local/synth.js");
const { buildLikeSst } = await import("./lib/build.js");
const { coldImportMs } = await import("./lib/cold-import.js");
const { decisionLatency } = await import("./scale-ecs.js");

log(`building every function with the synth (${CLI_DEFAULT_STAGE})...`);
const app = await synthesize(CLI_DEFAULT_STAGE);
const outDir = path.join(ROOT, ".sst", "bench");
await mkdir(outDir, { recursive: true });
const bareFile = path.join(outDir, "bare-handler.mjs");
const bareBytes = await buildLikeSst(path.join(ROOT, "bench", "bare-handler.ts"), bareFile);

log(`cold imports: ${RUNS} fresh processes per bundle...`);
const bare = coldImportMs(bareFile, RUNS);
const functions = app.bundles.map((bundle) => {
  const name = bundle.handler.replace(/^functions\/|\.handler$/g, "");
  log(`  ${name}`);
  const cold = coldImportMs(bundle.file, RUNS);
  return {
    name,
    bundleKb: round(bundle.bytes / 1024),
    bundleRatio: round(bundle.bytes / bareBytes),
    coldImportMs: round(cold.entry),
    coldImportRatio: round(cold.entry / bare.entry),
    withLazyChunksMs: round(cold.full),
    withLazyChunksRatio: round(cold.full / bare.full),
  };
});

log("decision latency in-process...");
const decision = decisionLatency();

// The feature throughput benches, each in its own process (the ingest pins its server to one core).
const throughput: Record<string, unknown> = {};
for (const [name, args] of [
  ["cold", []],
  ["ingest", ["--seconds", "5"]],
  ["invoices", ["--seconds", "2", "--rounds", "2"]],
] as const) {
  log(`bench/${name === "cold" ? "cold-start" : name}.ts ${args.join(" ")}...`);
  const script = name === "cold" ? "cold-start" : name;
  const run = spawnSync(process.execPath, [TSX_CLI, path.join(ROOT, "bench", `${script}.ts`), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  process.stdout.write(run.stdout);
  if (run.status !== 0) throw new Error(`bench/${script}.ts failed with exit code ${run.status}`);
  throughput[name] = JSON.parse(await readFile(path.join(ROOT, "bench", `results.${name}.json`), "utf8"));
}

const { coldStart, ...cold } = throughput.cold as {
  coldStart: Record<string, unknown>;
  runs: number;
  latencyMs: number;
  goals: unknown;
};
delete throughput.cold;
const results = {
  at: new Date().toISOString(),
  node: process.version,
  baseline: { name: "bare SNS handler", bundleKb: round(bareBytes / 1024), coldImportMs: round(bare.entry) },
  functions,
  coldStart,
  coldStartRun: { runs: cold.runs, latencyMs: cold.latencyMs, goals: cold.goals },
  decisions: { "scale-ecs": { ...decision, p50Ms: round(decision.p50Ms, 4), p99Ms: round(decision.p99Ms, 4) } },
  throughput,
  goals: GOALS,
};
await writeFile(path.join(ROOT, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);

const rows = [
  ["function", "bundle KB (all chunks)", "× bare", "cold import ms", "× bare", "+ every chunk ms", "× bare"],
  ["(bare SNS handler)", results.baseline.bundleKb, 1, results.baseline.coldImportMs, 1, round(bare.full), 1],
  ...functions.map((f) => [
    f.name,
    f.bundleKb,
    f.bundleRatio,
    f.coldImportMs,
    f.coldImportRatio,
    f.withLazyChunksMs,
    f.withLazyChunksRatio,
  ]),
];
console.log(table(rows));
console.log(
  `\nscale-ecs decision: p50 ${results.decisions["scale-ecs"].p50Ms} ms, p99 ${results.decisions["scale-ecs"].p99Ms} ms over ${decision.iterations} runs (goal p99 ≤ ${GOALS.decisionP99Ms} ms)`,
);
console.log("written: bench/results.json");

function round(value: number, digits = 2): number {
  return Number(value.toFixed(digits));
}

function table(rows: (string | number)[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length))) ?? [];
  return rows.map((r) => r.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join("  ")).join("\n");
}
