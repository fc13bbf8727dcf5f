/**
 * What every command of the repo shares, so they all behave alike: options parsed with node:util parseArgs,
 * `--help` (usage, defaults, examples; exit 0), a usage error as one line naming the problem (exit 2), and an
 * unexpected crash as one line pointing to a log file that holds the trace (exit 70), never a stack trace.
 */
import { parseArgs } from "node:util";
import { CRASH_EXIT_CODE, crashLogHint, reportCrash } from "./cli-crash.js";

/**
 * The stage every command uses when none is named: the one the sample events, worlds and scenarios are
 * written for.
 */
export const CLI_DEFAULT_STAGE = "prod";

export const EXIT = { ok: 0, failed: 1, usage: 2, crash: CRASH_EXIT_CODE } as const;

/** A mistake on the command line, or in a file it names: the user's to fix, said in one line. */
export class UsageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UsageError";
  }
}

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  /** The value's placeholder in the help, e.g. `<tier>`. */
  value?: string;
  help: string;
  default?: string | boolean;
}

export interface CommandSpec<O extends Record<string, OptionSpec>> {
  /** How it is run: `npm run cost`. */
  command: string;
  /** What follows `--`: `[--tier <tier>] [--stage <stage>]`. */
  usage: string;
  about: string;
  options: O;
  /** Named in order; the first `required` of them must be given. */
  positionals?: { names: readonly string[]; required: number };
  examples: readonly { run: string; does: string }[];
  /** How this command uses the stage, said under the one default stage every command shares. */
  stage: string;
  notes?: readonly string[];
  /** What exit code 1 means for this command, when it has one. */
  failed?: string;
  /** Named errors that mean a bad input file (a scenario that does not parse): reported like usage errors. */
  userErrors?: readonly (abstract new (
    ...args: never[]
  ) => Error)[];
}

type ValueOf<S extends OptionSpec> = S["type"] extends "boolean"
  ? boolean
  : S["default"] extends string
    ? string
    : string | undefined;

export interface CommandLine<O extends Record<string, OptionSpec>> {
  values: { [K in keyof O]: ValueOf<O[K]> };
  positionals: string[];
}

/**
 * Runs `main` as the command `spec` describes. `main` may return the exit code (0 when it returns no number).
 * @example await runCommand(spec, async ({ values }) => { console.log(values.tier); });
 */
export async function runCommand<const O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  main: (line: CommandLine<O>) => unknown,
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  if (wantsHelp(argv)) {
    process.stdout.write(helpText(spec));
    process.exitCode = EXIT.ok;
    return;
  }
  try {
    const line = parseCommandLine(spec, argv);
    const code = await main(line);
    process.exitCode = typeof code === "number" ? code : EXIT.ok;
  } catch (error) {
    const userError = error instanceof UsageError || spec.userErrors?.some((kind) => error instanceof kind);
    if (!userError) reportCrash(error, spec.command);
    process.stderr.write(`${usageLine(spec, (error as Error).message)}\n`);
    process.exitCode = EXIT.usage;
  }
}

/**
 * For a script whose work runs at its top level: answers `--help` or a usage error and exits, or returns the
 * parsed command line. Crashes after it are the guard's (`cli-guard.js`, imported first).
 */
export async function commandLine<const O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<CommandLine<O>> {
  let line: CommandLine<O> | undefined;
  await runCommand(
    spec,
    (parsed) => {
      line = parsed;
    },
    argv,
  );
  if (!line) process.exit(process.exitCode);
  return line;
}

/** `--help` or `-h` anywhere before a `--` that ends the options. */
function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).some((arg) => arg === "--help" || arg === "-h");
}

/** Parses `argv` against the spec; every mistake becomes a UsageError with a message a person can act on. */
export function parseCommandLine<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  argv: readonly string[],
): CommandLine<O> {
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([name, o]) => [
      name,
      { type: o.type, ...(o.short && { short: o.short }), ...(o.default !== undefined && { default: o.default }) },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(error), { cause: error });
  }
  const { names = [], required = 0 } = spec.positionals ?? {};
  const { positionals } = parsed;
  if (positionals.length < required) throw new UsageError(`missing ${names[positionals.length]}`);
  if (positionals.length > names.length) {
    throw new UsageError(`unexpected argument "${positionals[names.length]}"`);
  }
  return { values: parsed.values as CommandLine<O>["values"], positionals };
}

function describeParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? "an option";
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${option}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return /does not take/.test(message) ? `${option} takes no value` : `${option} needs a value`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? ""}`.trim();
    default:
      throw error;
  }
}

/** One line, whatever the message holds: the problem, then where to read more. */
export function usageLine(spec: CommandSpec<Record<string, OptionSpec>>, message: string): string {
  const problem = message.trim().replace(/\s*\n\s*/g, "; ");
  return `${spec.command}: ${problem} (usage: ${synopsis(spec)}; more with --help)`;
}

function synopsis(spec: CommandSpec<Record<string, OptionSpec>>): string {
  return spec.usage ? `${spec.command} -- ${spec.usage}` : spec.command;
}

export function helpText(spec: CommandSpec<Record<string, OptionSpec>>): string {
  const flags = Object.entries(spec.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ""}--${name}${o.type === "string" ? ` ${o.value ?? "<value>"}` : ""}`;
    const byDefault = typeof o.default === "string" ? ` (default: ${o.default})` : "";
    return [flag, `${o.help}${byDefault}`];
  });
  flags.push(["-h, --help", "this help"]);
  const width = Math.max(...flags.map(([flag]) => flag?.length ?? 0));
  return [
    `usage: ${synopsis(spec)}`,
    "",
    spec.about,
    "",
    "options:",
    ...flags.map(([flag, text]) => `  ${flag?.padEnd(width)}  ${text}`),
    "",
    `default stage: ${CLI_DEFAULT_STAGE}, the same for every command: ${spec.stage}`,
    ...(spec.notes?.length ? ["", ...spec.notes] : []),
    "",
    "examples:",
    ...spec.examples.flatMap((e) => [`  ${e.run}`, `      ${e.does}`]),
    "",
    `exit codes: 0 done, ${spec.failed ? `${EXIT.failed} ${spec.failed}, ` : ""}${EXIT.usage} usage error ` +
      `(one line on stderr), ${EXIT.crash} unexpected crash (one line; the trace goes to ${crashLogHint()})`,
    "",
  ].join("\n");
}
