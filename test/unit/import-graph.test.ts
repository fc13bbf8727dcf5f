import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Every import of every TypeScript file under `dirs`, type-only ones included, as repo-relative paths. */
function importGraph(dirs: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of dirs.flatMap((dir) => typeScriptFiles(path.join(ROOT, dir)))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = importedFiles
      .map(({ fileName }) => resolveRelative(file, fileName))
      .filter((target): target is string => target !== undefined);
    graph.set(path.relative(ROOT, file), targets);
  }
  return graph;
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return typeScriptFiles(full);
    return entry.endsWith(".ts") ? [full] : [];
  });
}

function resolveRelative(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = path.resolve(path.dirname(from), specifier.replace(/\.js$/, ""));
  for (const candidate of [`${base}.ts`, path.join(base, "index.ts"), base]) {
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return path.relative(ROOT, candidate);
  }
  throw new Error(`${path.relative(ROOT, from)} imports ${specifier}, which does not exist`);
}

/** The strongly connected components of more than one file (Tarjan): each is an import cycle. */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file) as number);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file) as number, index.get(next) as number));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)?.includes(file)) found.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

function importsOutside(graph: Map<string, string[]>, from: string, allowed: readonly string[]): string[] {
  return [...graph]
    .filter(([file]) => file.startsWith(from))
    .flatMap(([file, targets]) =>
      targets.filter((t) => !allowed.some((prefix) => t.startsWith(prefix))).map((t) => `${file} → ${t}`),
    );
}

describe("the import graph", () => {
  const graph = importGraph(["core", "functions", "events"]);

  it("has no cycle in core/, functions/ or events/", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("finds a cycle when there is one (the check itself)", () => {
    const looped = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", ["a.ts"]],
    ]);
    expect(cycles(looped)).toEqual([["a.ts", "b.ts", "c.ts"]]);
  });

  it("keeps events/ a leaf: the catalog imports nothing of the app", () => {
    expect(importsOutside(graph, "events/", ["events/"])).toEqual([]);
  });

  it("keeps core/ free of handlers, stacks, scripts and the simulator", () => {
    expect(importsOutside(graph, "core/", ["core/", "events/", "hero365.config.ts"])).toEqual([]);
  });

  it("builds the kernel on nothing else in core/: it is the ground floor", () => {
    expect(importsOutside(graph, "core/kernel/", ["core/kernel/"])).toEqual([]);
  });

  it("keeps functions/ to core/ and events/", () => {
    expect(importsOutside(graph, "functions/", ["functions/", "core/", "events/", "hero365.config.ts"])).toEqual([]);
  });

  it("leaves no loose file at the root of core/", () => {
    const loose = readdirSync(path.join(ROOT, "core")).filter((entry) => entry.endsWith(".ts"));
    expect(loose).toEqual([]);
  });
});
