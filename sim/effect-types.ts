/**
 * Every effect type a feature has registered, read from the `EffectRegistry` declarations in core/ (the
 * one way to add an effect type). The simulator gives each an executor, so an effect it does not model is
 * recorded as a side effect instead of failing the reaction — even when a runtime's executors are copied
 * into a new object, which would lose a catch-all proxy.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

const CORE = path.resolve(import.meta.dirname, "../core");
const BLOCK = /interface EffectRegistry\s*{([^}]*)}/g;
const KEY = /"([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"\s*:/g;

export async function registeredEffectTypes(dir: string = CORE): Promise<string[]> {
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith(".ts"));
  const types = new Set<string>();
  for (const file of files) {
    const source = await readFile(path.join(dir, file), "utf8");
    for (const block of source.matchAll(BLOCK)) {
      for (const key of (block[1] as string).matchAll(KEY)) types.add(key[1] as string);
    }
  }
  return [...types].sort();
}
