/** The values command lines read, checked where they are read so a mistake is a usage error, not a crash. */
import { access, constants, mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { TIER_IDS, type TierId } from "../../core/matrix/tiers.js";
import { UsageError } from "./cli.js";

/** SST's own rule for stage names (sst/project.js isValidStageName): they become parts of resource names. */
const STAGE_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

export function parseStage(text: string): string {
  if (!STAGE_NAME.test(text)) {
    throw new UsageError(`--stage "${text}" is not a stage name: a letter, then letters, digits or "-"`);
  }
  return text;
}

/** Tier ids are lowercase; people write them as the tier's name (`Growth`), so any case is accepted. */
export function parseTier(text: string): TierId {
  const id = text.trim().toLowerCase();
  if (!(TIER_IDS as readonly string[]).includes(id)) {
    throw new UsageError(`unknown tier "${text}": one of ${TIER_IDS.join(", ")} (any case)`);
  }
  return id as TierId;
}

/** A whole number of things; `5,000` and `5_000` read as 5000. */
export function parseCount(flag: string, text: string): number {
  const value = Number(text.replace(/[,_]/g, ""));
  if (text.trim() === "" || !Number.isSafeInteger(value) || value < 0) {
    throw new UsageError(`${flag} expects a whole number, got "${text}"`);
  }
  return value;
}

/**
 * Makes sure `dir` is a directory this process can write `files` into, creating it if needed, so a bad
 * `--out` fails before the work whose output it would receive, not after.
 */
export async function prepareOutDir(flag: string, dir: string, files: readonly string[] = []): Promise<string> {
  const out = path.resolve(dir);
  try {
    await mkdir(out, { recursive: true });
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    const why = code === "EEXIST" || code === "ENOTDIR" ? "a file is in the way" : `cannot create it (${code})`;
    throw new UsageError(`${flag} ${dir}: ${why}; name a directory`, { cause });
  }
  if (!(await stat(out)).isDirectory()) throw new UsageError(`${flag} ${dir} is a file; name a directory`);
  try {
    await access(out, constants.W_OK);
  } catch (cause) {
    throw new UsageError(`${flag} ${dir} is not writable`, { cause });
  }
  for (const file of files) {
    const target = await stat(path.join(out, file)).catch(() => undefined);
    if (target && !target.isFile()) throw new UsageError(`${flag} ${dir}: ${file} there is not a file`);
  }
  return out;
}

/** `--at <ISO time>`, or the fallback when the flag is absent. */
export function parseAt(text: string | undefined, fallback: Date): Date {
  const at = text === undefined ? fallback : new Date(text);
  if (Number.isNaN(at.getTime())) throw new UsageError(`--at "${text}" is not a time (2026-11-27T09:00:00Z)`);
  return at;
}

/** A JSON file named on the command line, or a usage error naming what is wrong with it. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new UsageError(`cannot read ${file} (${(cause as { code?: string }).code ?? "error"})`, { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new UsageError(`${file} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
}
