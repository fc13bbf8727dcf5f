/**
 * `npx tsx bench/simulator.ts`: how long the simulator takes on this machine. `npm start` as a newcomer runs
 * it (a fresh process: module loading, the cached stack read, the default scenario, the report), then
 * each bundled scenario in process (synth shared), median of 3 runs. Goal: `npm start` under 60 s. Then
 * months: a 30-day run of both services and Supabase at one-minute resolution in a fresh process, against a
 * 3-day run of the same trace measured in the same bench (seconds and memory per simulated day are the slope
 * between the two), three times: the whole fresh process (module loading, the cached stack read, the run) in
 * ≤ 5 s wall and ≤ 300 MB resident. Then the offline synth alone, as the first run after a change pays it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { deployedFor, runScenario } from "../sim/index.js";
import { loadScenario, SCENARIOS_DIR, scenarioMinutes } from "../sim/scenario.js";
import { median } from "./lib/stats.js";

interface DaysRun {
  days: number;
  simulateS: number;
  processS: number;
  maxRssMb: number;
  rssBeforeMb: number;
  keptHeapMb: number;
  invocations: number;
}

const ROOT = path.resolve(import.meta.dirname, "..");
const RUNS = 3;
const GOAL_START_S = 60;

const log = (line: string) => process.stdout.write(`${line}\n`);

const starts: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  execFileSync(
    path.join(ROOT, "node_modules/.bin/tsx"),
    ["scripts/start.ts", "--out", path.join(tmpdir(), "hero365-bench-sim")],
    {
      cwd: ROOT,
      stdio: "ignore",
    },
  );
  starts.push((performance.now() - t0) / 1000);
}
const start = median(starts);
log(
  `npm start (default scenario, fresh process): median ${start.toFixed(1)} s of ${starts.map((s) => s.toFixed(1)).join(", ")} — goal < ${GOAL_START_S} s ${start < GOAL_START_S ? "✓" : "✗"}`,
);

process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
const t0 = performance.now();
await deployedFor("prod");
log(
  `the prod stacks' rules and alarms (cached, or synthesized offline in a child process): ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
for (const file of (await readdir(SCENARIOS_DIR)).filter((f) => f.endsWith(".json")).sort()) {
  const scenario = await loadScenario(path.join(SCENARIOS_DIR, file));
  const times: number[] = [];
  let invocations = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    invocations = (await runScenario(scenario)).invocations;
    times.push((performance.now() - t) / 1000);
  }
  const minutes = scenarioMinutes(scenario);
  log(
    `${file.padEnd(26)} ${String(minutes).padStart(6)} simulated min, ${String(invocations).padStart(3)} invocations: median ${median(times).toFixed(2)} s`,
  );
}

const GOAL_MONTH_S = 5;
const GOAL_MONTH_MB = 300;
const days = (n: number): DaysRun =>
  JSON.parse(
    execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", "bench/lib/sim-days.ts", String(n)], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }),
  ) as DaysRun;
const short = days(3);
const months = Array.from({ length: RUNS }, () => days(30));
const month = months.sort((a, b) => a.processS - b.processS)[Math.floor(RUNS / 2)] as DaysRun;
const perDay = (f: (r: DaysRun) => number) => (f(month) - f(short)) / (month.days - short.days);
const peakMb = Math.max(...months.map((r) => r.maxRssMb));
const range = (f: (r: DaysRun) => number) =>
  `${Math.min(...months.map(f)).toFixed(1)}–${Math.max(...months.map(f)).toFixed(1)}`;
log(
  `30 days, both services and Supabase, one-minute resolution (a fresh process each, ${month.invocations} invocations, ${RUNS} runs): ` +
    `the whole process ${month.processS.toFixed(1)} s wall, median (${range((r) => r.processS)}; goal ≤ ${GOAL_MONTH_S} s ${month.processS <= GOAL_MONTH_S ? "✓" : "✗"}), ` +
    `of which simulating ${month.simulateS.toFixed(1)} s (${range((r) => r.simulateS)}); ` +
    `peak RSS ${Math.round(peakMb)} MB, the highest of the runs (goal ≤ ${GOAL_MONTH_MB} MB ${peakMb <= GOAL_MONTH_MB ? "✓" : "✗"}; ` +
    `${Math.round(month.rssBeforeMb)} MB before the first simulated minute: modules)`,
);
log(
  `per simulated day (30 days against 3): ${perDay((r) => r.simulateS).toFixed(2)} s, ` +
    `${perDay((r) => r.keptHeapMb).toFixed(2)} MB of heap kept after a full collection (the minute series), ` +
    `${perDay((r) => r.maxRssMb).toFixed(1)} MB of peak RSS`,
);

// The synthesis the runs above read from the cache: what the first run after a change to the stacks pays, in
// a process of its own (sim/deployed.ts).
const out = path.join(tmpdir(), `hero365-bench-deployed-${process.pid}.json`);
const timed = spawnSync(
  "/usr/bin/time",
  ["-f", "%e %M", process.execPath, "--import", "tsx", "sim/local/deployed.ts", "prod", out],
  { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] },
).stderr;
await rm(out, { force: true });
const [synthS, synthKb] = (timed.trim().split("\n").at(-1) ?? "").split(" ").map(Number);
log(
  `the offline synth, when the cache misses (its own process, once per change to what it reads): ` +
    `${synthS?.toFixed(1)} s, peak RSS ${Math.round((synthKb ?? 0) / 1024)} MB`,
);
