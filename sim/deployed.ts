/**
 * The rules and alarms a stage deploys, for the simulator, without loading the CDK here: the stacks are
 * synthesized in a child process (sim/local/deployed.ts, about 3 s and 300 MB of its own) and what it reads is
 * cached in `node_modules/.cache/hero365/`, keyed by the stage and a hash of every file the synthesis depends
 * on (stacks, core, functions, the reader itself, sst.config.ts, the lockfile): a changed file synthesizes
 * again, an unchanged checkout never does.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { SimulationError } from "./errors.js";
import type { DeployedAlarm } from "./local/alarms.js";
import type { DeployedRule } from "./local/rules.js";

/** What a stage deploys that the simulation needs: its rules and its alarms. */
export interface Deployed {
  stage: string;
  rules: DeployedRule[];
  alarms: DeployedAlarm[];
}

const ROOT = path.resolve(import.meta.dirname, "..");
const CACHE = path.join(ROOT, "node_modules/.cache/hero365");
const INPUT_DIRS = ["stacks", "core", "functions", "sim/local"];
const INPUT_FILES = ["sst.config.ts", "package-lock.json", "tsconfig.json"];

const deployedByStage = new Map<string, Promise<Deployed>>();

/** The stage's rules and alarms: from this process's memo, the cache, or one synthesis in a child process. */
export function deployedFor(stage: string): Promise<Deployed> {
  let deployed = deployedByStage.get(stage);
  if (!deployed) {
    deployed = cachedOrSynthesized(stage);
    deployedByStage.set(stage, deployed);
    deployed.catch(() => deployedByStage.delete(stage));
  }
  return deployed;
}

async function cachedOrSynthesized(stage: string): Promise<Deployed> {
  const file = path.join(CACHE, `deployed-${stage}-${await inputsHash()}.json`);
  const cached = await readFile(file, "utf8").catch(() => undefined);
  if (cached !== undefined) return JSON.parse(cached) as Deployed;
  await mkdir(CACHE, { recursive: true });
  // Written under a name of its own, then renamed: two processes synthesizing at once never read half a file.
  const partial = `${file}.${process.pid}.${Date.now()}`;
  try {
    await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "sim/local/deployed.ts"), stage, partial],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    const { stderr, message } = error as Error & { stderr?: string };
    const why = stderr?.trim().split("\n").slice(-8).join("\n") || message;
    throw new SimulationError(`synthesizing the ${stage} stacks to read their rules and alarms failed:\n${why}`);
  }
  return JSON.parse(await readFile(file, "utf8")) as Deployed;
}

/** A hash of every file the synthesis reads from this checkout, paths included. */
async function inputsHash(): Promise<string> {
  const files = [...INPUT_FILES];
  for (const dir of INPUT_DIRS) {
    const entries = await readdir(path.join(ROOT, dir), { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (entry.isFile()) files.push(path.relative(ROOT, path.join(entry.parentPath, entry.name)));
    }
  }
  const hash = createHash("sha256");
  files.sort();
  const contents = await Promise.all(files.map((file) => readFile(path.join(ROOT, file)).catch(() => Buffer.alloc(0))));
  files.forEach((file, i) => {
    hash.update(`${file}\0`);
    hash.update(contents[i] as Buffer);
    hash.update("\0");
  });
  return hash.digest("hex").slice(0, 16);
}
