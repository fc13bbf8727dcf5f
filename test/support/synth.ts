/**
 * Synthesizes the app for the stack tests, once per configuration and test run. A synthesis with bundling
 * takes ~16 s (esbuild bundles every function with the AWS SDK) and most stack test files ask for the same
 * one: the first file to ask starts it in a process of its own (synth-child.ts), which leaves the templates as
 * JSON in the run's folder (made by synth-run.ts, vitest's globalSetup); every file, the first included, waits
 * for that file and reads it. A configuration is the stage, whether to bundle, the configuration file the
 * stacks read and the account: two files share a synthesis only when they would have built the same one.
 * Outside a vitest run with that globalSetup, each call synthesizes in process, as before.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Template } from "aws-cdk-lib/assertions";
import { inject } from "vitest";
import { type Hero365ConfigInput, useConfiguration } from "../../core/config/index.js";
import { type Synthesized, synthesize } from "../../sim/local/synth.js";
import { ROOT } from "./cli.js";

export interface SynthOptions {
  /** Bundle the functions (default true): runtime, handler and bundle sizes are only real after bundling. */
  bundle?: boolean;
  /**
   * The configuration the stacks read, when not hero365.config.ts. The test still installs it itself
   * (`useConfiguration`) for its own assertions; this names it for the synthesis and its key.
   */
  configuration?: Hero365ConfigInput;
}

/** What synth-child.ts is asked to synthesize. */
export interface SynthRequest {
  stage: string;
  bundle: boolean;
  configuration?: Hero365ConfigInput;
}

/** A synthesis as JSON: each stack's template and, after bundling, each function's bundle. */
export interface SynthesizedTemplates {
  stage: string;
  stacks: { name: string; template: Record<string, unknown> }[];
  bundles: Synthesized["bundles"];
}

const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const CHILD = path.join(import.meta.dirname, "synth-child.ts");

/** The templates of `stage` under `options`, synthesized once per test run. */
export async function synthesized(stage: string, options: SynthOptions = {}): Promise<SynthesizedTemplates> {
  const request: SynthRequest = { stage, bundle: options.bundle ?? true, configuration: options.configuration };
  const dir = inject("synthRunDir");
  if (!dir) return synthesizeHere(request);
  const key = createHash("sha256")
    .update(JSON.stringify({ ...request, account: process.env.CDK_DEFAULT_ACCOUNT ?? null }))
    .digest("hex")
    .slice(0, 16);
  const out = path.join(dir, `${stage}-${key}.json`);
  const lock = `${out}.pid`;
  for (;;) {
    const done = await readIfThere(out);
    if (done !== undefined) return JSON.parse(done);
    if (!(await synthesizing(lock))) await start(request, out, lock);
    await sleep(250);
  }
}

/** Assertion templates by stack name (`Scaling`, `Alarms`…), and the synthesis they come from. */
export async function synthTemplates(stage: string, options: SynthOptions = {}) {
  const app = await synthesized(stage, options);
  const templates = Object.fromEntries(
    app.stacks.map(({ name, template }) => [
      name.replace(`${stage}-hero365-scaling-`, ""),
      Template.fromJSON(template),
    ]),
  );
  return { app, template: (stack: string) => templates[stack] ?? missing(stack) };
}

async function synthesizeHere({ stage, bundle, configuration }: SynthRequest): Promise<SynthesizedTemplates> {
  if (configuration) useConfiguration(configuration);
  const app = await synthesize(stage, { bundle });
  return {
    stage: app.stage,
    stacks: app.stacks.map(({ name, template }) => ({ name, template })),
    bundles: app.bundles,
  };
}

/**
 * Starts the synthesis unless another file just did: the lock file, created exclusively, holds the process id
 * of the synthesis. It runs detached, so that it outlives this test file.
 */
async function start(request: SynthRequest, out: string, lock: string): Promise<void> {
  try {
    await writeFile(lock, "", { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return;
    throw error;
  }
  // The synthesis may have finished, and removed its lock, since this file last looked.
  if ((await readIfThere(out)) !== undefined) {
    await rm(lock, { force: true });
    return;
  }
  const requestFile = `${out}.request.json`;
  await writeFile(requestFile, JSON.stringify(request));
  const child = spawn(TSX, [CHILD, requestFile, out], {
    cwd: ROOT,
    env: process.env,
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
  });
  child.unref();
  await writeFile(lock, String(child.pid));
}

/**
 * Whether a synthesis is under way. A lock whose process is gone (it failed, or the machine killed it) is
 * removed, so the next call starts the synthesis again instead of waiting forever; an empty lock is one being
 * written.
 */
async function synthesizing(lock: string): Promise<boolean> {
  const text = await readIfThere(lock);
  if (text === undefined) return false;
  if (text === "") return true;
  if (alive(Number(text))) return true;
  await rm(lock, { force: true });
  return false;
}

async function readIfThere(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function missing(stack: string): never {
  throw new Error(`no stack ${stack}`);
}
