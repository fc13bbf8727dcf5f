/**
 * Unexpected crashes: the trace goes to a log file, the terminal gets one line naming the error and the file.
 * A script that imports `cli-guard.js` first also routes here what fails outside its main function: a module
 * that throws while loading, an unhandled rejection.
 */
import { mkdirSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inspect } from "node:util";

/** sysexits.h EX_SOFTWARE: an internal error, apart from 1 (the run failed) and 2 (usage). */
export const CRASH_EXIT_CODE = 70;

const ROOT = path.resolve(import.meta.dirname, "../..");
/** Gitignored; the OS temp dir when the checkout is read-only. */
export const CRASH_LOG_DIR = path.join(ROOT, ".hero365", "logs");
const FALLBACK_LOG_DIR = path.join(tmpdir(), "hero365-logs");
const MAX_MESSAGE = 200;

export function crashLogHint(): string {
  return `${shown(CRASH_LOG_DIR)}/`;
}

export function reportCrash(error: unknown, command = commandOfThisProcess()): never {
  // The reader of stdout went away (`| head`): nothing is wrong and nobody is left to tell.
  if ((error as { code?: unknown } | null)?.code === "EPIPE") process.exit(process.exitCode ?? 0);
  const log = writeCrashLog(error, command);
  const where = log ? `the trace is in ${shown(log)}` : "no log could be written";
  writeSync(2, `${command}: unexpected ${describe(error)} (${where})\n`);
  process.exit(CRASH_EXIT_CODE);
}

export function guardProcess(): void {
  process.on("uncaughtException", (error) => reportCrash(error));
  process.on("unhandledRejection", (reason) => reportCrash(reason));
}

function describe(error: unknown): string {
  const text =
    error instanceof Error
      ? `${error.name}: ${error.message.split("\n")[0]}`
      : `throw of ${inspect(error, { depth: 1 })}`;
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

function writeCrashLog(error: unknown, command: string): string | undefined {
  const at = new Date();
  const name = `${command.replace(/^(npm (run )?|npx tsx )/, "").replace(/[^\w.-]+/g, "-")}-${at.toISOString().replace(/[:.]/g, "-")}-${process.pid}.log`;
  const text = [
    `${command} ${process.argv.slice(2).join(" ")}`.trim(),
    `at ${at.toISOString()}, node ${process.version}, cwd ${process.cwd()}`,
    "",
    inspect(error, { depth: 8 }),
    "",
  ].join("\n");
  for (const dir of [CRASH_LOG_DIR, FALLBACK_LOG_DIR]) {
    try {
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    } catch {
      // This directory is not writable: try the next one.
    }
  }
  return undefined;
}

/** The npm script that runs this process's entry file (`npm run cost`), or how to run it directly. */
function commandOfThisProcess(): string {
  const entry = path.relative(ROOT, process.argv[1] ?? "");
  try {
    const { scripts } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    const script = Object.entries(scripts).find(([, run]) => run.split(" ").includes(entry))?.[0];
    if (script) return script === "start" ? "npm start" : `npm run ${script}`;
  } catch {
    // No readable package.json: name the file instead.
  }
  return `npx tsx ${entry}`;
}

/** Relative to the working directory when inside it: short, and still a path a shell can open. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}
