/**
 * How long the fuzz suite takes (goal: well under a minute at 1,000 runs per property, the `npm test` setting):
 * `vitest run test/fuzz` at each FUZZ_RUNS given, in a fresh process on Node 22 as `npm test` runs it; wall time
 * of the whole run and the time of each handler's file, from Vitest's JSON report.
 *
 *   npx tsx bench/fuzz.ts [--runs 1000,10000]
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const ROOT = path.resolve(import.meta.dirname, "..");
const BIN = path.join(ROOT, "node_modules/.bin");

interface Report {
  success: boolean;
  numTotalTests: number;
  testResults: { name: string; startTime: number; endTime: number; status: string }[];
}

async function fuzzSuite(runs: number): Promise<{ wallMs: number; report: Report }> {
  const dir = await mkdtemp(path.join(tmpdir(), "hero365-fuzz-bench-"));
  const outputFile = path.join(dir, "report.json");
  const started = performance.now();
  await new Promise<void>((resolve) => {
    execFile(
      path.join(BIN, "vitest"),
      ["run", "test/fuzz", "--reporter=json", `--outputFile=${outputFile}`],
      { cwd: ROOT, env: { ...process.env, FUZZ_RUNS: String(runs), PATH: `${BIN}:${process.env.PATH}` } },
      // A failing property is reported below; the timing still counts.
      () => resolve(),
    );
  });
  const wallMs = performance.now() - started;
  const report = JSON.parse(await readFile(outputFile, "utf8")) as Report;
  await rm(dir, { recursive: true, force: true });
  return { wallMs, report };
}

const { values } = parseArgs({ options: { runs: { type: "string", default: "1000,10000" } } });
for (const runs of (values.runs ?? "").split(",").map(Number)) {
  const { wallMs, report } = await fuzzSuite(runs);
  console.log(
    `FUZZ_RUNS=${runs}: ${(wallMs / 1000).toFixed(1)} s wall, ${report.numTotalTests} tests, ${report.success ? "all passed" : "FAILURES"}`,
  );
  for (const file of report.testResults.sort((a, b) => a.name.localeCompare(b.name))) {
    const seconds = ((file.endTime - file.startTime) / 1000).toFixed(1);
    console.log(`  ${path.basename(file.name).padEnd(34)} ${seconds.padStart(6)} s  ${file.status}`);
  }
}
