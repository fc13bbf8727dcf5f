/**
 * `npx tsx bench/cold-start.ts [--runs 15] [--quick] [--only a,b] [--latency-ms 10]`: the cold path of each
 * reaction against its hand-written peer (bench/lib/cold-path.ts). Prints the table and writes
 * bench/results.cold.json; `npm run bench` runs it and puts `coldStart` into bench/results.json.
 * `HERO365_BENCH_TRACE=1` prints each run's calls to the stand-in with their start and end (ms), to see which
 * ones wait for which.
 */
import "../scripts/lib/cli-guard.js";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { runCommand, UsageError } from "../scripts/lib/cli.js";
import { parseCount } from "../scripts/lib/cli-values.js";

const GOALS = { ratio: 0.8, sequentialCallsBeforeAction: 2 };
const ALARM_REACTIONS = ["scale-ecs", "page-oncall", "notify", "plan-upgrade-ticket", "optimize-query-alert"];

await runCommand(
  {
    command: "npx tsx bench/cold-start.ts",
    usage: "[--runs <n>] [--quick] [--only <functions>] [--latency-ms <ms>]",
    about:
      "Each reaction's cold path against its hand-written peer (bench/peers/): a fresh Node process per run\n" +
      "imports the bundle and runs the first invocation of a realistic event, then a warm one, against a\n" +
      "loopback AWS stand-in with the same latency on every call. Medians of interleaved runs; writes\n" +
      "bench/results.cold.json.",
    options: {
      runs: { type: "string", value: "<n>", help: "runs per function and side (at least 1)", default: "15" },
      quick: { type: "boolean", help: "3 runs: checks the harness, not a measurement" },
      only: { type: "string", value: "<functions>", help: "comma-separated function names" },
      "latency-ms": { type: "string", value: "<ms>", help: "latency of every stand-in call", default: "10" },
    },
    stage: "the functions are built as prod's, with a bench configuration (bench/cold/config.ts)",
    examples: [
      { run: "npx tsx bench/cold-start.ts", does: "15 interleaved runs of every function and its peer" },
      { run: "npx tsx bench/cold-start.ts --quick --only notify", does: "a quick check of one function" },
    ],
  },
  async ({ values }) => {
    const runs = values.quick ? 3 : parseCount("--runs", values.runs);
    if (runs < 1) throw new UsageError("--runs must be at least 1");
    const latencyMs = parseCount("--latency-ms", values["latency-ms"]);
    const only = values.only?.split(",").map((s) => s.trim());
    const { coldCases, measureColdPaths } = await import("./lib/cold-path.js");
    const known = (await coldCases()).map((c) => c.name);
    const unknown = only?.filter((name) => !known.includes(name)) ?? [];
    if (unknown.length) throw new UsageError(`--only: no function ${unknown.join(", ")} (known: ${known.join(", ")})`);

    const log = (line: string) => process.stderr.write(`${line}\n`);
    log(`cold path: ${runs} interleaved runs per function and peer, ${latencyMs} ms per stand-in call...`);
    const results = await measureColdPaths({ runs, latencyMs, only, log });
    const coldStart = Object.fromEntries(
      results.map((r) => {
        const fn = r.sides.function;
        const peer = r.sides.peer;
        if (!fn || !peer) throw new Error(`${r.name}: a side has no samples`);
        return [
          r.name,
          {
            ms: round(fn.totalMs),
            peerMs: round(peer.totalMs),
            ratio: Math.round((fn.totalMs / peer.totalMs) * 100) / 100,
            sequentialCallsBeforeAction: fn.sequentialCallsBeforeAction ?? null,
            peerSequentialCallsBeforeAction: peer.sequentialCallsBeforeAction ?? null,
            importMs: round(fn.importMs),
            firstInvocationMs: round(fn.firstMs),
            warmMs: round(fn.warmMs),
            calls: fn.calls,
            bundleKb: fn.bundleKb,
            peer: {
              importMs: round(peer.importMs),
              firstInvocationMs: round(peer.firstMs),
              warmMs: round(peer.warmMs),
              calls: peer.calls,
              bundleKb: peer.bundleKb,
            },
            operations: r.operations.function,
            returned: r.returned.function,
          },
        ];
      }),
    );
    const out = { at: new Date().toISOString(), node: process.version, runs, latencyMs, goals: GOALS, coldStart };
    await writeFile(path.join(import.meta.dirname, "results.cold.json"), `${JSON.stringify(out, null, 2)}\n`);
    console.log(coldTable(out.coldStart));
    console.log(
      `medians of ${runs} runs, Node ${process.version}, ${latencyMs} ms per stand-in call; goal: ratio ≤ ${GOALS.ratio}, alarm reactions ≤ ${GOALS.sequentialCallsBeforeAction} round trips in series before acting`,
    );
  },
);

type ColdRow = {
  ms: number;
  peerMs: number;
  ratio: number;
  sequentialCallsBeforeAction: number | null;
  peerSequentialCallsBeforeAction: number | null;
  importMs: number;
  firstInvocationMs: number;
  warmMs: number;
  calls: number;
  peer: { importMs: number; firstInvocationMs: number; warmMs: number; calls: number };
};

/** The table `npm run bench` prints: the function's cold total against its peer's, and what makes it up. */
export function coldTable(rows: Record<string, ColdRow>): string {
  const lines: (string | number)[][] = [
    [
      "function",
      "cold ms",
      "peer ms",
      "ratio",
      "import",
      "1st call",
      "peer import",
      "peer 1st",
      "calls",
      "serial before act",
      "peer serial",
      "warm ms",
      "peer warm",
      "goal",
    ],
  ];
  for (const [name, r] of Object.entries(rows)) {
    const serialOk =
      !ALARM_REACTIONS.includes(name) ||
      (r.sequentialCallsBeforeAction ?? Number.POSITIVE_INFINITY) <= GOALS.sequentialCallsBeforeAction;
    lines.push([
      name,
      r.ms,
      r.peerMs,
      r.ratio,
      r.importMs,
      r.firstInvocationMs,
      r.peer.importMs,
      r.peer.firstInvocationMs,
      r.calls === r.peer.calls ? r.calls : `${r.calls} (peer ${r.peer.calls})`,
      r.sequentialCallsBeforeAction ?? "no action",
      r.peerSequentialCallsBeforeAction ?? "no action",
      r.warmMs,
      r.peer.warmMs,
      r.ratio <= GOALS.ratio && serialOk ? "ok" : "OVER",
    ]);
  }
  const widths = lines[0]?.map((_, i) => Math.max(...lines.map((l) => String(l[i]).length))) ?? [];
  return lines.map((l) => l.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join("  ")).join("\n");
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
