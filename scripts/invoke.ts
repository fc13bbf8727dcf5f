/**
 * `npm run invoke -- <function> <event.json> [--stage <stage>] [--world <world.json>] [--live] [--as-configured]`
 * Runs functions/<function>.ts with a sample event and the stage's configuration, in dry-run against a local
 * world unless --live. Human summary on stderr; the last line of stdout is one JSON object.
 */
import "./lib/cli-guard.js";
import { REGISTERED_FUNCTIONS } from "../core/actions/index.js";
import { invokeLocally, toJson } from "../sim/local/local-invoke.js";
import { CLI_DEFAULT_STAGE, EXIT, runCommand, UsageError } from "./lib/cli.js";
import { parseStage } from "./lib/cli-values.js";

await runCommand(
  {
    command: "npm run invoke",
    usage: "<function> <event.json> [--stage <stage>] [--world <world.json>] [--live] [--as-configured]",
    about:
      "Runs one handler of functions/ locally with an event file, the way Lambda would, in dry-run against a\n" +
      "local world: effects are recorded, not applied. A human summary goes to stderr; the last line of\n" +
      "stdout is one JSON object { function, ok, effects, result, error? }.",
    options: {
      stage: { type: "string", value: "<stage>", help: `whose configuration is used (default: ${CLI_DEFAULT_STAGE})` },
      world: {
        type: "string",
        value: "<world.json>",
        help: "the state the handler reads (default: the default world)",
      },
      live: {
        type: "boolean",
        default: false,
        help: "act on real resources with your AWS credentials (needs an explicit --stage)",
      },
      "as-configured": {
        type: "boolean",
        default: false,
        help: "evaluate the stage as the config file says (shadow mode, no PagerDuty) instead of as if live",
      },
    },
    positionals: { names: ["<function>", "<event.json>"], required: 2 },
    stage: "--stage names another; --live requires it to be named",
    examples: [
      { run: "npm run invoke -- notify events/cloudwatch/cpu-critical.alarm.json", does: "what notify would send" },
      {
        run: "npm run invoke -- scale-ecs events/cloudwatch/cpu-high.alarm.json --world events/worlds/at-ceiling.json",
        does: "scale-ecs against a world at the tier ceiling (a hold)",
      },
      {
        run: "npm run invoke -- supabase-metrics events/scheduled/supabase-metrics.json",
        does: "the metrics the collector would publish",
      },
    ],
    notes: [
      `functions: the registered ones (${REGISTERED_FUNCTIONS.map((spec) => spec.functionName).join(", ")})`,
      "and the others under functions/ (supabase-metrics, reconcile, ...);",
      "events: the samples under events/; worlds: events/worlds/.",
    ],
    failed: "the handler threw (ok: false in the JSON line)",
  },
  async ({ values, positionals: [fn = "", eventFile = ""] }) => {
    if (values.live && !values.stage)
      throw new UsageError("--live acts on real resources: name the --stage explicitly");
    const stage = parseStage(values.stage ?? CLI_DEFAULT_STAGE);
    const output = await invokeLocally({
      fn,
      eventFile,
      stage,
      world: values.world,
      live: values.live,
      asConfigured: values["as-configured"],
    });
    process.stdout.write(`${toJson(output)}\n`);
    return output.ok ? EXIT.ok : EXIT.failed;
  },
);
