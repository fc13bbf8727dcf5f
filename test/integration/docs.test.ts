/**
 * The README and docs/ stay true: every link and every repository path they name exists, every command they
 * show is a real npm script, file or binary, and the examples that run offline run with the exit code they
 * state (0 unless the line's comment says `exit N`).
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/cli.js";

const DOCS = ["README.md", ...readdirSync(path.join(ROOT, "docs")).map((f) => `docs/${f}`)].filter((f) =>
  f.endsWith(".md"),
);
const text = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const scripts: Record<string, string> = JSON.parse(text("package.json")).scripts;

/** Files the project writes when it runs (gitignored): a doc may name them. */
const GENERATED = new Set(["bench/results.json"]);

interface Command {
  line: string;
  /** A line of a fenced shell block that runs on its own: no setup line (export, createdb...) before it. */
  standalone: boolean;
}

/** The commands of a doc: lines of its fenced shell blocks, and inline code that starts with a command. */
function commands(file: string): Command[] {
  const found: Command[] = [];
  const body = text(file);
  for (const block of body.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)) {
    let setup = false;
    for (const line of (block[1] as string).split("\n")) {
      if (/^\s*(npm|npx)\s/.test(line)) found.push({ line: line.trim(), standalone: !setup });
      else if (line.trim() && !line.trim().startsWith("#")) setup = true;
    }
  }
  for (const inline of body.matchAll(/`((?:npm|npx) [^`]+)`/g)) {
    found.push({ line: (inline[1] as string).trim(), standalone: false });
  }
  return found;
}

/** `npm run x -- a b  # comment` → { script: "x", args: ["a", "b"], comment }. */
function parse(line: string) {
  const [code = "", ...rest] = line.split(/\s#\s?/);
  const words = code.trim().split(/\s+/);
  return { words, comment: rest.join(" # ") };
}

function scriptOf(words: string[]): string | undefined {
  if (words[0] !== "npm") return undefined;
  // npm's own flags (`npm run -s cost`) come before the script's name.
  const [verb, ...rest] = words.slice(1).filter((w) => !/^-[a-z]$/.test(w));
  if (verb === "start" || verb === "test") return verb;
  if (verb === "run") return rest[0];
  return undefined;
}

describe("the README and docs/", () => {
  it("keep the README short enough to follow in 15 minutes (≤ 300 lines) with the Adopt-it checklist", () => {
    const readme = text("README.md");
    expect(readme.split("\n").length).toBeLessThanOrEqual(300);
    expect(readme).toMatch(/^## Adopt it$/m);
  });

  it.each(DOCS)("%s links only to files that exist", (file) => {
    const missing = [...text(file).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
      .map((m) => m[1] as string)
      .filter((target) => !/^[a-z]+:/.test(target))
      .filter((target) => !existsSync(path.resolve(ROOT, path.dirname(file), target)));
    expect(missing).toEqual([]);
  });

  it.each(DOCS)("%s names only repository paths that exist", (file) => {
    const paths = [
      ...text(file).matchAll(
        /(?<![\w/.-])((?:core|functions|stacks|scripts|events|test|bench|supabase|docs)\/[\w./-]+\.(?:ts|json|sql|md|prom))/g,
      ),
    ].map((m) => m[1] as string);
    expect(paths.filter((p) => !GENERATED.has(p) && !existsSync(path.join(ROOT, p)))).toEqual([]);
  });

  it.each(DOCS)("%s shows only commands that exist", (file) => {
    const wrong: string[] = [];
    for (const { line } of commands(file)) {
      const { words } = parse(line);
      if (words[0] === "npm") {
        if (words[1] === "ci" || words[1] === "install") continue;
        const script = scriptOf(words);
        if (!script || !(script in scripts)) wrong.push(line);
      } else if (words[1] === "tsx") {
        const file = words[2] ?? "";
        if (!file.includes("<") && !existsSync(path.join(ROOT, file))) wrong.push(line);
      } else if (!existsSync(path.join(ROOT, "node_modules/.bin", words[1] ?? ""))) wrong.push(line);
    }
    expect(wrong).toEqual([]);
  });
});

/** Offline, quick and side-effect free: the commands whose examples run here. */
const RUNNABLE = new Set(["invoke", "tier", "cost", "doctor", "sign-webhook"]);

interface Example {
  file: string;
  line: string;
  args: string[];
  script: string;
  expected: number;
}

function examples(): Example[] {
  const seen = new Set<string>();
  const found: Example[] = [];
  for (const file of DOCS) {
    for (const { line, standalone } of commands(file)) {
      if (!standalone) continue;
      const { words: all, comment } = parse(line);
      // A redirect is the shell's: the example's output is discarded here.
      const words = all.includes(">") ? all.slice(0, all.indexOf(">")) : all;
      const script = scriptOf(words);
      if (!script || !RUNNABLE.has(script) || words.includes("--live")) continue;
      const args = words.slice(words.indexOf("--") + 1);
      if (!words.includes("--")) args.length = 0;
      // Placeholders (<file>) and files of the reader's own (my-payload.json) are not examples that run here.
      if (args.some((a) => /[<>[\]|]/.test(a) || (/\.(json|ts)$/.test(a) && !existsSync(path.join(ROOT, a))))) continue;
      const key = `${script} ${args.join(" ")}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const exit = /exit (\d)/.exec(comment);
      found.push({ file, line, args, script, expected: exit ? Number(exit[1]) : 0 });
    }
  }
  return found;
}

function run(example: Example): Promise<number> {
  const [bin = "", ...fixed] = (scripts[example.script] as string).split(/\s+/);
  return new Promise((resolve) => {
    execFile(
      path.join(ROOT, "node_modules/.bin", bin),
      [...fixed, ...example.args],
      { cwd: ROOT, env: { ...process.env, FORCE_COLOR: "0" }, maxBuffer: 16 * 1024 * 1024, timeout: 60_000 },
      (error) => resolve(error ? ((error as { code?: number }).code ?? 1) : 0),
    );
  });
}

describe("the offline examples of the README and docs/", () => {
  const all = examples();

  it("are found (the docs show invoke, tier, cost, doctor and sign-webhook examples)", () => {
    expect(new Set(all.map((e) => e.script))).toEqual(RUNNABLE);
  });

  it("run with the exit code they state", { timeout: 600_000 }, async () => {
    const failures: string[] = [];
    // Two at a time: each is a fresh Node process.
    const queue = [...all];
    await Promise.all(
      [0, 1].map(async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const code = await run(next);
          if (code !== next.expected)
            failures.push(`${next.file}: ${next.line} → exit ${code}, expected ${next.expected}`);
        }
      }),
    );
    expect(failures).toEqual([]);
  });
});
