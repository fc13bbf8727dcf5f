/**
 * `npm start [-- <scenario.json>] [--out <dir>] [--samples] [--as-configured]`
 * Runs the pipeline locally as a what-if simulator: a scenario's load through the capacity model, the
 * matrix's alarms, the deployed rules and the real handlers, against a simulated world. Prints the timeline
 * and a summary, writes the HTML report (`.sim/report.html`). `--samples` replays the sample events instead.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { routeLogsToStderr, UsageError } from "./lib/local-invoke.js";
import { replaySamples } from "./lib/replay.js";
import { ScenarioError } from "./lib/sim/errors.js";
import { runScenario } from "./lib/sim/index.js";
import { renderReport } from "./lib/sim/report.js";
import { DEFAULT_SCENARIO, loadScenario, scenarioMinutes } from "./lib/sim/scenario.js";
import { formatSummary, summarize } from "./lib/sim/summary.js";
import { formatTimeline, type TimelineEntry, timeFormatter } from "./lib/sim/timeline.js";

/** Many target-tracking activities (a week of daily cycles) would bury the rest: the report keeps them all. */
const TERMINAL_ACTIVITIES = 60;
const USAGE =
  "usage: npm start [-- <scenario.json>] [--out <dir>] [--as-configured]   |   npm start -- --samples [--as-configured]";

try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      samples: { type: "boolean", default: false },
      out: { type: "string", default: ".sim" },
      "as-configured": { type: "boolean", default: false },
    },
  });
  if (positionals.length > 1 || (values.samples && positionals.length)) throw new UsageError(USAGE);
  // Handler logs are for Lambda; here the timeline says what happened (failures included).
  process.env.POWERTOOLS_LOG_LEVEL ??= "ERROR";
  routeLogsToStderr();
  if (values.samples) {
    process.stdout.write(`${(await replaySamples({ asConfigured: values["as-configured"] })).join("\n")}\n`);
  } else {
    await simulateScenario(positionals[0] ?? DEFAULT_SCENARIO, values.out, values["as-configured"]);
  }
} catch (error) {
  const parseError = (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
  if (!(error instanceof UsageError || error instanceof ScenarioError) && !parseError) throw error;
  process.stderr.write(`${(error as Error).message}${parseError ? `\n${USAGE}` : ""}\n`);
  process.exitCode = 2;
}

async function simulateScenario(file: string, outDir: string, asConfigured: boolean): Promise<void> {
  const started = performance.now();
  const scenario = await loadScenario(file);
  const minutes = scenarioMinutes(scenario);
  const tier = scenario.tier ? ` (${scenario.tier} tier)` : "";
  process.stdout.write(
    `Simulating "${scenario.name}": ${minutes} min from ${scenario.start} on stage ${scenario.stage}${tier}\n` +
      `${path.relative(process.cwd(), path.resolve(file))}\n\n`,
  );
  const progress = progressLine();
  progress.say(`synthesizing the ${scenario.stage} stacks offline, starting the state table...`);
  const result = await runScenario(scenario, { onProgress: progress.update, asConfigured });
  progress.done();
  const summary = summarize(result);
  const time = timeFormatter(result.start, result.end);
  const report = path.resolve(outDir, "report.html");
  await mkdir(path.dirname(report), { recursive: true });
  await writeFile(report, renderReport(result, summary));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    [
      ...formatTimeline(terminalTimeline(result.records.timeline), time),
      "",
      `Summary (${minutes} simulated minutes in ${seconds} s, ${result.invocations} invocations)`,
      ...formatSummary(summary, result.tier.name),
      "",
      `Report: ${path.relative(process.cwd(), report)}`,
      "",
    ].join("\n"),
  );
}

function terminalTimeline(entries: readonly TimelineEntry[]): TimelineEntry[] {
  const activities = entries.filter((e) => e.kind === "aas").length;
  if (activities <= TERMINAL_ACTIVITIES) return [...entries];
  const kept = entries.filter((e) => e.kind !== "aas");
  const note: TimelineEntry = {
    at: entries[0]?.at ?? 0,
    kind: "aas",
    label: "AAS",
    text: `${activities} target-tracking activities (see the report's charts and timeline)`,
  };
  return [note, ...kept];
}

/** A live progress line on an interactive terminal; nothing when stderr is a pipe or a file. */
function progressLine() {
  const live = process.stderr.isTTY === true;
  let last = 0;
  return {
    update: (p: { fraction: number; at: number; invocations: number }) => {
      const now = performance.now();
      if (!live || now - last < 80) return;
      last = now;
      const bar = "#".repeat(Math.round(p.fraction * 30)).padEnd(30, ".");
      const at = new Date(p.at).toISOString().slice(0, 16).replace("T", " ");
      process.stderr.write(`\r  [${bar}] ${Math.round(p.fraction * 100)} %  ${at}  ${p.invocations} invocations `);
    },
    say: (text: string) => {
      if (live) process.stderr.write(`\r  ${text}`);
    },
    done: () => {
      if (live) process.stderr.write(`\r${" ".repeat(90)}\r`);
    },
  };
}
