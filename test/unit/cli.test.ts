import { describe, expect, it } from "vitest";
import { CLI_DEFAULT_STAGE, helpText, parseCommandLine, UsageError, usageLine } from "../../scripts/lib/cli.js";
import { parseCount, parseStage, parseTier } from "../../scripts/lib/cli-values.js";
import { clipLines, clipText, clipValue } from "../../sim/local/clip.js";
import { summaryLines } from "../../sim/local/invoke-summary.js";

const SPEC = {
  command: "npm run demo",
  usage: "<file> [--tier <tier>] [--dry]",
  about: "A demo.",
  options: {
    tier: { type: "string", value: "<tier>", help: "a tier", default: "growth" },
    dry: { type: "boolean", help: "do nothing", default: false },
  },
  positionals: { names: ["<file>"], required: 1 },
  stage: "reads none",
  examples: [{ run: "npm run demo -- a.json", does: "demo a.json" }],
} as const;

const usageMessage = (argv: string[]) => {
  try {
    parseCommandLine(SPEC, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`${argv.join(" ")} parsed`);
};

describe("the command line", () => {
  it("reads options with their defaults and the positionals", () => {
    expect(parseCommandLine(SPEC, ["a.json"])).toEqual({
      values: { tier: "growth", dry: false },
      positionals: ["a.json"],
    });
    expect(parseCommandLine(SPEC, ["--tier=scale", "--dry", "a.json"]).values).toEqual({ tier: "scale", dry: true });
  });

  it("names each mistake in words a person can act on", () => {
    expect(usageMessage([])).toBe("missing <file>");
    expect(usageMessage(["a.json", "b.json"])).toBe('unexpected argument "b.json"');
    expect(usageMessage(["a.json", "--tir", "x"])).toBe("unknown option --tir");
    expect(usageMessage(["a.json", "--tier"])).toBe("--tier needs a value");
    expect(usageMessage(["a.json", "--tier", "--dry"])).toBe("--tier needs a value");
    expect(usageMessage(["a.json", "--dry=yes"])).toBe("--dry takes no value");
  });

  it("keeps a usage error on one line, pointing to --help", () => {
    const line = usageLine(SPEC, "invalid scenario x.json:\n  phases.0.minutes: too small\n  name: required");
    expect(line).toBe(
      "npm run demo: invalid scenario x.json:; phases.0.minutes: too small; name: required " +
        "(usage: npm run demo -- <file> [--tier <tier>] [--dry]; more with --help)",
    );
  });

  it("says the defaults, the default stage and the exit codes in the help", () => {
    const help = helpText(SPEC);
    expect(help).toContain("  --tier <tier>  a tier (default: growth)\n");
    expect(help).toContain("  --dry          do nothing\n");
    expect(help).toContain(`default stage: ${CLI_DEFAULT_STAGE}, the same for every command: reads none`);
    expect(help).toMatch(/exit codes: 0 done, 2 usage error .* 70 unexpected crash/);
  });
});

describe("values read from the command line", () => {
  it("reads tier names in any case", () => {
    for (const text of ["growth", "Growth", "GROWTH", " growth "]) expect(parseTier(text)).toBe("growth");
    expect(() => parseTier("Bogus")).toThrow('unknown tier "Bogus": one of startup, growth, scale, enterprise');
  });

  it("accepts the stage names SST accepts, and only those", () => {
    expect(parseStage("alice-2")).toBe("alice-2");
    for (const bad of ["", "2nd", "my_stage", "a b", "../prod"]) expect(() => parseStage(bad)).toThrow(UsageError);
  });

  it("reads counts with separators and refuses what is not a whole number", () => {
    expect(parseCount("--users", "5,000")).toBe(5000);
    expect(parseCount("--users", "5_000")).toBe(5000);
    for (const bad of ["", "many", "-1", "1.5", "1e400"]) expect(() => parseCount("--users", bad)).toThrow(UsageError);
  });
});

describe("cutting huge values", () => {
  it("cuts long strings and says by how much", () => {
    expect(clipText("short", 10)).toBe("short");
    expect(clipText("x".repeat(2500), 10)).toBe(`${"x".repeat(10)}… (+2,490 characters)`);
  });

  it("cuts big arrays and long strings inside a value, leaving the rest as it was", () => {
    const value = { blocks: Array.from({ length: 25 }, (_, i) => ({ i, text: "y".repeat(400) })), n: 3, ok: true };
    const clipped = clipValue(value, { string: 5, array: 2 }) as { blocks: unknown[]; n: number; ok: boolean };
    expect(clipped).toEqual({
      blocks: [
        { i: 0, text: "yyyyy… (+395 characters)" },
        { i: 1, text: "yyyyy… (+395 characters)" },
        "… (+23 more items)",
      ],
      n: 3,
      ok: true,
    });
    expect(value.blocks).toHaveLength(25);
  });

  it("keeps the first lines of a long text and counts the others", () => {
    expect(clipLines("a\nb\nc\nd", 2, "  ")).toBe("a\nb\n  … (+2 lines)");
    expect(clipLines("a\nb", 2)).toBe("a\nb");
  });
});

describe("the invoke summary", () => {
  const base = { fn: "notify", eventFile: "e.json", stage: "prod", live: false, metrics: [], failedRecords: [] };

  it("cuts a huge Slack message and its blocks to a readable length", () => {
    const effect = {
      type: "slack.chat.postMessage",
      channel: "#ops",
      text: "z".repeat(5000),
      blocks: Array.from({ length: 50 }, () => ({ type: "section", text: { type: "mrkdwn", text: "w".repeat(3000) } })),
      reason: "tell the channel",
    };
    const lines = summaryLines({ ...base, effects: [effect as never], result: null });
    const text = lines.join("\n");
    expect(lines[1]).toMatch(/^ {2}effect slack\.chat\.postMessage to #ops: "z{300}… \(\+4,700 characters\)" — tell/);
    expect(text).toContain("… (+2,700 characters)");
    expect(text).toContain('"… (+40 more items)"');
    expect(text.length).toBeLessThan(10_000);
  });

  it("says 'no effects' only when nothing was planned and nothing published", () => {
    const metrics = [{ dimensions: { ProjectRef: "p" }, data: [{ name: "CollectorErrors", unit: "Count", value: 1 }] }];
    expect(summaryLines({ ...base, effects: [], result: {} })).toContain("  no effects");
    const withMetrics = summaryLines({ ...base, effects: [], metrics: metrics as never, result: {} });
    expect(withMetrics).not.toContain("  no effects");
    expect(withMetrics).toContain("  effect metrics (EMF) Hero365/Supabase ProjectRef=p: CollectorErrors 1 Count");
  });

  it("gives a skip's code and each failed record's error", () => {
    const lines = summaryLines({
      ...base,
      effects: [],
      failedRecords: [{ id: "m-1", error: { name: "InvalidEventError", message: "body is not JSON" } }],
      result: {
        outcome: "skip",
        code: "unknown-alarm",
        status: "nothing-to-apply",
        reason: "no row",
        batchItemFailures: [{ itemIdentifier: "m-1" }, { itemIdentifier: "m-2" }],
      },
    });
    expect(lines).toContain("  decision: skip unknown-alarm (nothing-to-apply): no row");
    expect(lines).toContain("  failed records: 2");
    expect(lines).toContain("    m-1: InvalidEventError: body is not JSON");
    expect(lines).toContain("    m-2: (its error was not seen)");
  });
});
