import { describe, expect, it } from "vitest";
import { DEFAULT_RUNS, parseChaosArgs } from "../../scripts/lib/chaos/args.js";
import { UsageError } from "../../sim/local/local-invoke.js";

describe("npm run chaos arguments", () => {
  it("defaults to 2,000 histories with the reconciler", () => {
    expect(parseChaosArgs([])).toEqual({ help: false, runs: DEFAULT_RUNS, reconciler: true });
    expect(DEFAULT_RUNS).toBe(2_000);
  });

  it("reads runs, seed and --no-reconciler", () => {
    expect(parseChaosArgs(["--runs", "50", "--seed=-7", "--no-reconciler"])).toEqual({
      help: false,
      runs: 50,
      seed: -7,
      reconciler: false,
    });
  });

  it("splits a replay into fast-check's seed and path", () => {
    expect(parseChaosArgs(["--replay", "1234:17:3:0"])).toMatchObject({ seed: 1234, path: "17:3:0" });
    expect(parseChaosArgs(["--replay=-1234:0"])).toMatchObject({ seed: -1234, path: "0" });
  });

  it.each([
    [["--runs", "0"], /--runs expects an integer ≥ 1, got "0"/],
    [["--runs", "ten"], /--runs expects an integer/],
    [["--replay", "abc"], /--replay expects SEED:PATH/],
    [["--replay", "1:2", "--seed", "3"], /--replay carries its seed/],
    [["--bogus"], /Unknown option '--bogus'/],
  ])("rejects %j with one line", (argv, message) => {
    let error: unknown;
    try {
      parseChaosArgs(argv as string[]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });
});
