/**
 * Cold import time of a bundle: a fresh Node process per run (the Lambda runtime's Node major, first on PATH
 * in npm scripts), timing the `import()` of the entry and, separately, of every lazily loaded chunk beside it
 * (what the first invocation pays on top: the AWS SDK clients live there).
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { median } from "./stats.js";

const PROBE = [
  "const [entry, ...chunks] = process.argv.slice(1);",
  "const t0 = performance.now(); await import(entry); const t1 = performance.now();",
  "for (const c of chunks) await import(c);",
  "process.stdout.write(JSON.stringify([t1 - t0, performance.now() - t0]));",
].join("\n");

export interface ColdImport {
  /** Median ms to import the entry module. */
  entry: number;
  /** Median ms to import the entry and all its lazily loaded chunks. */
  full: number;
}

export function coldImportMs(file: string, runs: number): ColdImport {
  const dir = path.dirname(file);
  const chunks = readdirSync(dir)
    .filter((f) => f.endsWith(".mjs") && path.join(dir, f) !== file)
    .map((f) => pathToFileURL(path.join(dir, f)).href);
  const entry: number[] = [];
  const full: number[] = [];
  // One unmeasured run first, so every bundle is measured with a warm file cache.
  for (let i = -1; i < runs; i++) {
    const out = execFileSync(
      process.execPath,
      ["--input-type=module", "-e", PROBE, pathToFileURL(file).href, ...chunks],
      {
        env: { ...process.env, AWS_REGION: "us-east-1", NODE_OPTIONS: "" },
        encoding: "utf8",
      },
    );
    const [e, f] = JSON.parse(out) as [number, number];
    if (i < 0) continue;
    entry.push(e);
    full.push(f);
  }
  return { entry: median(entry), full: median(full) };
}
