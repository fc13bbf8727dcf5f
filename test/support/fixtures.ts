/** Sample events from events/, parsed once and cloned per use so a test cannot leak into another. */
import { readFileSync } from "node:fs";
import path from "node:path";

const EVENTS = path.resolve(import.meta.dirname, "../../events");
const cache = new Map<string, unknown>();

export function fixture<T = Record<string, unknown>>(name: string): T {
  if (!cache.has(name)) cache.set(name, JSON.parse(readFileSync(path.join(EVENTS, `${name}.json`), "utf8")));
  return structuredClone(cache.get(name)) as T;
}

export function fixturePath(name: string): string {
  return path.join(EVENTS, `${name}.json`);
}
