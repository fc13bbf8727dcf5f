/** `npm run chaos` as a user runs it: help, usage errors, and a run's closing figures or its failure. */
import { describe, expect, it } from "vitest";
import { runScript } from "../support/cli.js";

describe("npm run chaos", () => {
  it("--help prints the usage with examples and exits 0", async () => {
    const r = await runScript("chaos.ts", ["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run chaos -- \[--runs N\]/);
    expect(r.stdout).toContain("npm run chaos -- --replay=1234:17:3:0");
  });

  it("a usage error is one line on stderr and exits 2", async () => {
    const r = await runScript("chaos.ts", ["--runs", "-3"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stdout).toBe("");
  });

  it("a run names the reconciler's presence and ends with the histories, deliveries and wall time checked", async () => {
    const r = await runScript("chaos.ts", ["--runs", "5", "--seed", "4"], { POWERTOOLS_LOG_LEVEL: "SILENT" });
    expect(r.stderr).toMatch(/chaos: 5 histories; reconciler: (present|not present)/);
    const summary = /\d+ histories, \d+ deliveries, \d+ invocations \(reconciler: (ran|not present)\), wall time \d+ s/;
    if (r.code === 0) {
      expect(r.stdout).toMatch(new RegExp(`^chaos: every invariant held over ${summary.source}`));
    } else {
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`^chaos: FAILED after ${summary.source}`));
      expect(r.stdout).toMatch(/\nreplay: npm run chaos -- --replay=4:[\d:]+\n/);
    }
  }, 120_000);
});
