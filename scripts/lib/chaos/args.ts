/** `npm run chaos` arguments. A usage error is one line (exit 2); `--help` prints the usage (exit 0). */
import { parseArgs } from "node:util";
import { UsageError } from "../../../sim/local/local-invoke.js";

export const DEFAULT_RUNS = 2_000;

export const USAGE = `usage: npm run chaos -- [--runs N] [--seed N] [--replay SEED:PATH] [--no-reconciler] [--help]

Generates histories of alarm transitions (both services; the scale-out, paging and notify rows of
core/matrix/rows.ts), delivers their events late, duplicated, reordered, redriven from the DLQ or lost, throttles
AWS calls and fails invocations, runs the real handlers, rules and reconciler, and checks the invariants.

  --runs N          histories to generate (default ${DEFAULT_RUNS})
  --seed N          fast-check seed (default: random, printed on failure; --seed=-N for a negative one)
  --replay S:P      replay one failing history from the seed and path a failure printed
  --no-reconciler   run without functions/reconcile.ts (shows what it heals)
  --help            this text

examples:
  npm run chaos
  npm run chaos -- --runs 200 --seed 42
  npm run chaos -- --replay=1234:17:3:0
  npm run chaos -- --runs 100 --no-reconciler`;

export interface ChaosArgs {
  help: boolean;
  runs: number;
  seed?: number;
  path?: string;
  reconciler: boolean;
}

export function parseChaosArgs(argv: string[]): ChaosArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        runs: { type: "string" },
        seed: { type: "string" },
        replay: { type: "string" },
        "no-reconciler": { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split("\n")[0]} (npm run chaos -- --help)`);
  }
  const integer = (flag: string, value: string | boolean | undefined, min: number) => {
    const n = Number(value);
    if (typeof value !== "string" || !/^-?\d+$/.test(value) || !Number.isSafeInteger(n) || n < min)
      throw new UsageError(`${flag} expects an integer ≥ ${min}, got "${String(value)}" (npm run chaos -- --help)`);
    return n;
  };
  const args: ChaosArgs = {
    help: values.help === true,
    runs: values.runs === undefined ? DEFAULT_RUNS : integer("--runs", values.runs, 1),
    reconciler: values["no-reconciler"] !== true,
  };
  if (values.seed !== undefined) args.seed = integer("--seed", values.seed, -(2 ** 31));
  if (values.replay !== undefined) {
    const match = /^(-?\d+):(\d+(?::\d+)*)$/.exec(String(values.replay));
    if (!match) throw new UsageError(`--replay expects SEED:PATH as a failure prints it, e.g. 1234:17:3:0`);
    if (args.seed !== undefined) throw new UsageError("--replay carries its seed: drop --seed");
    args.seed = Number(match[1]);
    args.path = match[2] as string;
  }
  return args;
}
