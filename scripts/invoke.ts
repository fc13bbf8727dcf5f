/**
 * `npm run invoke -- <function> <event.json> [--stage <stage>] [--world <world.json>] [--live] [--as-configured]`
 * Runs functions/<function>.ts with a sample event and the stage's configuration, in dry-run against a local
 * world unless --live. Human summary on stderr; the last line of stdout is one JSON object.
 */
import { parseArgs } from "node:util";
import { invokeLocally, SAMPLE_STAGE, toJson, UsageError } from "./lib/local-invoke.js";

const USAGE =
  "usage: npm run invoke -- <function> <event.json> [--stage <stage>] [--world <world.json>] [--live] [--as-configured]";

try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      stage: { type: "string" },
      world: { type: "string" },
      live: { type: "boolean", default: false },
      "as-configured": { type: "boolean", default: false },
    },
  });
  const [fn, eventFile, ...extra] = positionals;
  if (!fn || !eventFile || extra.length) throw new UsageError(USAGE);
  if (values.live && !values.stage) throw new UsageError("--live acts on real resources: name the --stage explicitly");
  const stage = values.stage ?? SAMPLE_STAGE;
  const output = await invokeLocally({
    fn,
    eventFile,
    stage,
    world: values.world,
    live: values.live,
    asConfigured: values["as-configured"],
  });
  process.stdout.write(`${toJson(output)}\n`);
  process.exitCode = output.ok ? 0 : 1;
} catch (error) {
  const parseError = (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
  if (!(error instanceof UsageError) && !parseError) throw error;
  process.stderr.write(`${(error as Error).message}${parseError ? `\n${USAGE}` : ""}\n`);
  process.exitCode = 2;
}
