/**
 * `npm run doctor -- [--stage S] [--live]`: before a deploy, what a stage needs and what it will do. Exit 0
 * healthy, 1 problems found, 2 usage error; never a stack trace (an unexpected crash leaves one in a log).
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { STAGE_NAME } from "../core/config/index.js";

const DEFAULT_STAGE = "prod";
const USAGE = `usage: npm run doctor -- [--stage <stage>] [--live]

Lists the secrets a stage needs, checks its configuration, and lists what a deploy
creates or takes over (scalable targets, scaling policies, alarms, rules, functions,
queues), from the stage's synthesized templates. Offline by default.

  --stage <stage>  the stage to check (default: ${DEFAULT_STAGE})
  --live           also ask AWS (credentials from the usual chain): secrets set,
                   cluster, services, load balancers and target groups exist,
                   existing scaling a deploy replaces, leftovers of a deleted stack
  --help           this text

exit: 0 healthy, 1 problems found, 2 usage error

examples:
  npm run doctor
  npm run doctor -- --stage dev
  AWS_PROFILE=hero365 npm run doctor -- --stage prod --live
`;

function usageError(message: string): never {
  process.stderr.write(`doctor: ${message} (npm run doctor -- --help)\n`);
  process.exit(2);
}

let values: { stage?: string; live?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    options: { stage: { type: "string" }, live: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    allowPositionals: false,
  }));
} catch (error) {
  usageError(error instanceof Error ? error.message : String(error));
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const stage = values.stage ?? DEFAULT_STAGE;
if (!STAGE_NAME.test(stage)) usageError(`invalid stage "${stage}": expected ${STAGE_NAME}`);

try {
  // Loaded after the arguments: synthesis pulls in aws-cdk-lib, which --help and usage errors do not need.
  const { runDoctor } = await import("./lib/doctor/run.js");
  process.exitCode = await runDoctor({ stage, live: values.live ?? false, write: (t) => process.stdout.write(t) });
} catch (error) {
  const log = path.join(tmpdir(), `hero365-doctor-${process.pid}.log`);
  writeFileSync(log, error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.stderr.write(
    `doctor: unexpected error: ${error instanceof Error ? error.message : error} (trace in ${log})\n`,
  );
  process.exitCode = 1;
}
