/**
 * vitest's globalSetup: a folder for this run's shared syntheses (see synth.ts), removed when the run ends, with
 * any synthesis still running. Nothing is synthesized here, so a run without stack tests pays nothing.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { TestProject } from "vitest/node";

const ROOT = path.resolve(import.meta.dirname, "../..");
const RUNS = path.join(ROOT, ".sst", "test-synth");
/** A run folder older than this was left by a run that was killed: no run lasts a day. */
const STALE_MS = 24 * 3_600_000;

declare module "vitest" {
  export interface ProvidedContext {
    synthRunDir: string;
  }
}

export default async function setup(project: TestProject) {
  await mkdir(RUNS, { recursive: true });
  await removeStale();
  const dir = await mkdtemp(path.join(RUNS, "run-"));
  project.provide("synthRunDir", dir);
  return async () => {
    await stopSyntheses(dir);
    await rm(dir, { recursive: true, force: true });
  };
}

/** A synthesis still running when the run ends (its files all failed or were skipped) has no one to serve. */
async function stopSyntheses(dir: string) {
  for (const entry of await readdir(dir)) {
    if (!entry.endsWith(".pid")) continue;
    const pid = Number(await readFile(path.join(dir, entry), "utf8").catch(() => ""));
    if (!pid) continue;
    try {
      // Detached: the synthesis leads its own process group (tsx and the node it starts).
      process.kill(-pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  }
}

async function removeStale() {
  const now = Date.now();
  for (const entry of await readdir(RUNS)) {
    const dir = path.join(RUNS, entry);
    const { mtimeMs } = await stat(dir).catch(() => ({ mtimeMs: now }));
    if (now - mtimeMs > STALE_MS) await rm(dir, { recursive: true, force: true });
  }
}
