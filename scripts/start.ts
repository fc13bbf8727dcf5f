/**
 * `npm start [-- <scenario.json>] [--out <dir>] [--samples] [--as-configured]`
 * Runs the pipeline locally as a what-if simulator: a scenario's load through the capacity model, the
 * matrix's alarms, the deployed rules and the real handlers, against a simulated world. Prints the timeline
 * and a summary, writes the HTML report (`.sim/report.html`). `--samples` replays the sample events instead.
 */
import "./lib/cli-guard.js";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ScenarioError } from "../sim/errors.js";
import { formatReactions, reactionsJson, reactionsOf } from "../sim/reactions.js";
import { renderReport } from "../sim/report.js";
import { DEFAULT_SCENARIO, loadScenario, scenarioMinutes } from "../sim/scenario.js";
import { formatStrategies, strategiesJson } from "../sim/strategies.js";
import { formatSummary, summarize } from "../sim/summary.js";
import { formatTimeline, type TimelineEntry, timeFormatter } from "../sim/timeline.js";
import { CLI_DEFAULT_STAGE, runCommand, UsageError } from "./lib/cli.js";
import { prepareOutDir } from "./lib/cli-values.js";

/** Many target-tracking activities (a week of daily cycles) would bury the rest: the report keeps them all. */
const TERMINAL_ACTIVITIES = 60;
const DEFAULT_OUT = ".sim";
const REPORT = "report.html";
const SUMMARY = "summary.json";

await runCommand(
  {
    command: "npm start",
    usage:
      "[<scenario.json>] [--out <dir>] [--as-configured]   |   npm start -- --from-metrics <export.json> [--stage <stage>]" +
      "   |   npm start -- --from-metrics --live --stage <stage> --since <7d>   |   npm start -- --samples [--as-configured]",
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
      "from-metrics": {
        type: "boolean",
        default: false,
        help: "the file is a CloudWatch GetMetricData export to replay (docs/simulator.md: which metrics, the aws command)",
      },
      live: {
        type: "boolean",
        default: false,
        help: "with --from-metrics: fetch the stage's history from CloudWatch with your credentials instead",
      },
      since: { type: "string", value: "<7d>", help: "with --live: how far back (e.g. 7d, 36h; at most 63d)" },
      stage: {
        type: "string",
        value: "<stage>",
        help: `with --from-metrics: the stage whose configuration runs the history (default: ${CLI_DEFAULT_STAGE})`,
      },
      "as-configured": {
        type: "boolean",
        default: false,
        help: "run the stage as the config file says (shadow mode, no PagerDuty) instead of as if live",
      },
    },
    positionals: { names: ["<scenario.json | export.json>"], required: 0 },
    stage: `a scenario runs on its own "stage" field, ${CLI_DEFAULT_STAGE} when it has none; --samples runs on ${CLI_DEFAULT_STAGE}`,
    examples: [
      { run: "npm start", does: `the default scenario (${path.relative(process.cwd(), DEFAULT_SCENARIO)})` },
      {
        run: "npm start -- events/scenarios/flash-spike.json --out /tmp/sim",
        does: "another scenario, report in /tmp/sim",
      },
      { run: "npm start -- --samples", does: "every sample event through the deployed rules, as a timeline" },
      {
        run: "npm start -- --from-metrics events/metrics/prod-3-days.json",
        does: "three days of prod's CloudWatch history, exported, replayed",
      },
    ],
    notes: ["scenarios: events/scenarios/*.json (an invalid one is a usage error naming the field)"],
    userErrors: [ScenarioError],
  },
  async ({ values, positionals: [scenario] }) => {
    if (values.samples && scenario) throw new UsageError("--samples replays the samples: it takes no scenario");
    const history = historySource(values, scenario);
    if (values.samples && values.out !== undefined) throw new UsageError("--samples writes no report: drop --out");
    const outDir = values.samples
      ? undefined
      : await prepareOutDir("--out", values.out ?? DEFAULT_OUT, [REPORT, SUMMARY]);
    // Handler logs are for Lambda; here the timeline says what happened (failures included).
    process.env.POWERTOOLS_LOG_LEVEL ??= "ERROR";
    // The handlers and the CDK load in seconds: only once the command line is known to be good.
    const { routeLogsToStderr } = await import("../sim/local/local-invoke.js");
    routeLogsToStderr();
    const asConfigured = values["as-configured"] === true;
    if (outDir) await simulateScenario(history ?? scenario ?? DEFAULT_SCENARIO, outDir, asConfigured);
    else
      process.stdout.write(
        `${(await (await import("../sim/local/replay.js")).replaySamples({ asConfigured })).join("\n")}\n`,
      );
  },
);

type HistorySource = { kind: "file"; file: string; stage: string } | { kind: "live"; stage: string; sinceMs: number };

/** What `--from-metrics` asks for, checked before anything loads. */
function historySource(
  values: { "from-metrics"?: boolean; live?: boolean; since?: string; stage?: string; samples?: boolean },
  from: string | undefined,
): HistorySource | undefined {
  if (!values["from-metrics"]) {
    for (const flag of ["live", "since", "stage"] as const) {
      if (values[flag] !== undefined && values[flag] !== false)
        throw new UsageError(`--${flag} goes with --from-metrics`);
    }
    return undefined;
  }
  if (values.samples) throw new UsageError("--from-metrics and --samples are two different runs: pick one");
  const stage = values.stage ?? CLI_DEFAULT_STAGE;
  if (!values.live) {
    if (values.since !== undefined) throw new UsageError("--since goes with --live (a file holds its own period)");
    if (!from) throw new UsageError("--from-metrics needs an export file, or --live");
    return { kind: "file", file: from, stage };
  }
  if (from) throw new UsageError("--live fetches the history: give no export file");
  if (values.stage === undefined) throw new UsageError("--live needs --stage: whose history to fetch");
  if (values.since === undefined) throw new UsageError("--live needs --since, e.g. --since 7d");
  const sinceMs = parseSinceText(values.since);
  if (sinceMs === undefined) throw new UsageError(`--since "${values.since}" is not a duration such as 7d, 36h or 90m`);
  return { kind: "live", stage, sinceMs };
}

function parseSinceText(text: string): number | undefined {
  const match = /^(\d+)([dhm])$/.exec(text);
  if (!match || Number(match[1]) === 0) return undefined;
  return Number(match[1]) * (match[2] === "d" ? 86_400_000 : match[2] === "h" ? 3_600_000 : 60_000);
}

async function historyScenario(source: HistorySource) {
  const [{ stageConfig }, { scenarioFromMetrics }] = await Promise.all([
    import("../core/config/index.js"),
    import("../sim/metrics-history.js"),
  ]);
  let config: ReturnType<typeof stageConfig>;
  try {
    config = stageConfig(source.stage);
  } catch (cause) {
    throw new UsageError(`--stage "${source.stage}": ${(cause as Error).message}`, { cause });
  }
  if (source.kind === "file") {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(source.file, "utf8"));
    } catch (cause) {
      throw new ScenarioError(`cannot read metrics export ${source.file}: ${(cause as Error).message}`, { cause });
    }
    return {
      scenario: scenarioFromMetrics(json, { stage: source.stage, config, name: source.file }),
      label: source.file,
    };
  }
  const [{ CloudWatchClient }, { fetchMetricExport }] = await Promise.all([
    import("@aws-sdk/client-cloudwatch"),
    import("../sim/metrics-live.js"),
  ]);
  const json = await fetchMetricExport(new CloudWatchClient({ region: config.region }), config, {
    sinceMs: source.sinceMs,
    now: new Date(),
  });
  const label = `CloudWatch, stage ${source.stage}, the last ${Math.round(source.sinceMs / 3_600_000)} h`;
  return { scenario: scenarioFromMetrics(json, { stage: source.stage, config, name: label }), label };
}

async function simulateScenario(source: string | HistorySource, outDir: string, asConfigured: boolean): Promise<void> {
  const started = performance.now();
  const { scenario, label: file } =
    typeof source === "string"
      ? { scenario: await loadScenario(source), label: source }
      : await historyScenario(source);
  const minutes = scenarioMinutes(scenario);
  const tier = scenario.tier ? ` (${scenario.tier} tier)` : "";
  process.stdout.write(
    `Simulating "${scenario.name}": ${minutes} min from ${scenario.start} on stage ${scenario.stage}${tier}\n` +
      `${typeof source === "object" && source.kind === "live" ? file : path.relative(process.cwd(), path.resolve(file))}\n\n`,
  );
  const progress = progressLine();
  progress.say(
    `reading the ${scenario.stage} stacks' rules and alarms (synthesized offline on the first run after a change)...`,
  );
  const { runScenario } = await import("../sim/index.js");
  const result = await runScenario(scenario, { onProgress: progress.update, asConfigured });
  progress.done();
  const summary = summarize(result);
  const reactions = reactionsOf(result);
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
        reactions: reactionsJson(reactions),
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
      formatReactions(reactions),
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
