/**
 * `npm start [-- <scenario.json>] [--out <dir>] [--samples] [--as-configured]`
 * Runs the pipeline locally as a what-if simulator: a scenario's load through the capacity model, the
 * matrix's alarms, the deployed rules and the real handlers, against a simulated world. Prints the timeline
 * and a summary, writes the HTML report (`.sim/report.html`). `--samples` replays the sample events instead.
 */
import "./lib/cli-guard.js";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { CLI_DEFAULT_STAGE, runCommand, UsageError } from "./lib/cli.js";
import { prepareOutDir } from "./lib/cli-values.js";
import { ScenarioError } from "./lib/sim/errors.js";
import { renderReport } from "./lib/sim/report.js";
import { DEFAULT_SCENARIO, loadScenario, scenarioMinutes } from "./lib/sim/scenario.js";
import { formatStrategies, strategiesJson } from "./lib/sim/strategies.js";
import { formatSummary, summarize } from "./lib/sim/summary.js";
import { formatTimeline, type TimelineEntry, timeFormatter } from "./lib/sim/timeline.js";

/** Many target-tracking activities (a week of daily cycles) would bury the rest: the report keeps them all. */
const TERMINAL_ACTIVITIES = 60;
const DEFAULT_OUT = ".sim";
const REPORT = "report.html";
const SUMMARY = "summary.json";

await runCommand(
  {
    command: "npm start",
    usage: "[<scenario.json>] [--out <dir>] [--as-configured]   |   npm start -- --samples [--as-configured]",
    about:
      "Runs the pipeline locally as a what-if simulator: a scenario's load through the capacity model, the\n" +
      "matrix's alarms, the deployed rules and the real handlers, against a simulated world. Prints the\n" +
      `timeline and a summary and writes an HTML report (${DEFAULT_OUT}/${REPORT}). Nothing touches AWS.`,
    options: {
      out: { type: "string", value: "<dir>", help: `where the report goes (default: ${DEFAULT_OUT})` },
      samples: {
        type: "boolean",
        default: false,
        help: "instead: replay the sample events of events/cloudwatch and events/supabase through the rules",
      },
      "as-configured": {
        type: "boolean",
        default: false,
        help: "run the stage as the config file says (shadow mode, no PagerDuty) instead of as if live",
      },
    },
    positionals: { names: ["<scenario.json>"], required: 0 },
    stage: `a scenario runs on its own "stage" field, ${CLI_DEFAULT_STAGE} when it has none; --samples runs on ${CLI_DEFAULT_STAGE}`,
    examples: [
      { run: "npm start", does: `the default scenario (${path.relative(process.cwd(), DEFAULT_SCENARIO)})` },
      {
        run: "npm start -- events/scenarios/flash-spike.json --out /tmp/sim",
        does: "another scenario, report in /tmp/sim",
      },
      { run: "npm start -- --samples", does: "every sample event through the deployed rules, as a timeline" },
    ],
    notes: ["scenarios: events/scenarios/*.json (an invalid one is a usage error naming the field)"],
    userErrors: [ScenarioError],
  },
  async ({ values, positionals: [scenario] }) => {
    if (values.samples && scenario) throw new UsageError("--samples replays the samples: it takes no scenario");
    if (values.samples && values.out !== undefined) throw new UsageError("--samples writes no report: drop --out");
    const outDir = values.samples
      ? undefined
      : await prepareOutDir("--out", values.out ?? DEFAULT_OUT, [REPORT, SUMMARY]);
    // Handler logs are for Lambda; here the timeline says what happened (failures included).
    process.env.POWERTOOLS_LOG_LEVEL ??= "ERROR";
    // The handlers and the CDK load in seconds: only once the command line is known to be good.
    const { routeLogsToStderr } = await import("./lib/local-invoke.js");
    routeLogsToStderr();
    const asConfigured = values["as-configured"] === true;
    if (outDir) await simulateScenario(scenario ?? DEFAULT_SCENARIO, outDir, asConfigured);
    else
      process.stdout.write(`${(await (await import("./lib/replay.js")).replaySamples({ asConfigured })).join("\n")}\n`);
  },
);

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
  const { runScenario } = await import("./lib/sim/index.js");
  const result = await runScenario(scenario, { onProgress: progress.update, asConfigured });
  progress.done();
  const summary = summarize(result);
  const time = timeFormatter(result.start, result.end);
  const report = path.join(outDir, REPORT);
  await writeFile(report, renderReport(result, summary));
  await writeFile(
    path.join(outDir, SUMMARY),
    `${JSON.stringify(
      {
        scenario: scenario.name,
        stage: scenario.stage,
        tier: result.tier.id,
        start: new Date(result.start).toISOString(),
        minutes,
        invocations: result.invocations,
        strategies: strategiesJson(result.strategies),
        summary,
      },
      null,
      2,
    )}\n`,
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    [
      ...formatTimeline(terminalTimeline(result.records.timeline), time),
      "",
      `Summary (${minutes} simulated minutes in ${seconds} s, ${result.invocations} invocations)`,
      ...formatSummary(summary, result.tier.name),
      "",
      ...formatStrategies(result.strategies),
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

/**
 * A live progress line on an interactive terminal; when stderr is a pipe or a file, a line every 10 % of the
 * run, so a long run in CI or under `| tee` shows it is moving.
 */
function progressLine() {
  const live = process.stderr.isTTY === true;
  let last = 0;
  let tenth = 0;
  return {
    update: (p: { fraction: number; at: number; invocations: number }) => {
      const at = new Date(p.at).toISOString().slice(0, 16).replace("T", " ");
      if (!live) {
        const reached = Math.floor(p.fraction * 10 + 1e-9);
        if (reached <= tenth) return;
        tenth = reached;
        process.stderr.write(`  simulated ${reached * 10} % (to ${at}), ${p.invocations} invocations\n`);
        return;
      }
      const now = performance.now();
      if (now - last < 80) return;
      last = now;
      const bar = "#".repeat(Math.round(p.fraction * 30)).padEnd(30, ".");
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
