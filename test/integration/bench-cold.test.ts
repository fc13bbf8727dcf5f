/**
 * The cold-path bench's harness works: both sides of a function run against the stand-in, make the same calls,
 * act, and the round trips in series before acting are counted from what the stand-in saw. No timing is
 * asserted here: the figures are `npm run bench`'s.
 */
import { describe, expect, it } from "vitest";
import type { Recorded } from "../../bench/lib/aws-stand-in.js";
import { measureColdPaths, sequentialBefore } from "../../bench/lib/cold-path.js";
import { runScript } from "../support/cli.js";

const call = (operation: string, start: number, end: number): Recorded => ({ operation, start, end });

describe("round trips in series before the first action", () => {
  it("counts calls in flight together once, and stops at the action", () => {
    const calls = [
      call("DescribeAlarms", 0, 10),
      call("GetItem", 1, 11),
      call("Query", 2, 12),
      call("PutItem", 13, 23),
      call("RegisterScalableTarget", 24, 34),
      call("PutItem", 35, 45),
    ];
    expect(sequentialBefore(calls, ["RegisterScalableTarget"])).toBe(2);
  });

  it("is 0 when acting is the first call, and undefined when nothing acts", () => {
    expect(sequentialBefore([call("PutEvents", 0, 10)], ["PutEvents"])).toBe(0);
    expect(sequentialBefore([call("GetItem", 0, 10)], ["PutEvents"])).toBeUndefined();
  });

  it("counts a call that starts before an earlier one's answer as parallel to it", () => {
    const calls = [call("A", 0, 10), call("B", 5, 15), call("C", 16, 26), call("Publish", 27, 37)];
    expect(sequentialBefore(calls, ["Publish"])).toBe(2);
  });
});

describe("the cold path of a function and its peer", () => {
  it("runs both against the stand-in: the same calls, each acting", async () => {
    const [notify, webhook] = await measureColdPaths({
      runs: 1,
      latencyMs: 1,
      only: ["notify", "supabase-webhook"],
    });

    expect(notify?.name).toBe("notify");
    expect(notify?.returned.function).toContain('"status":"applied"');
    expect(notify?.returned.peer).toContain('"status":"applied"');
    // The same work, but the episode is one record written attribute by attribute (UpdateItem where the peer
    // puts a second item), and, until legacy episodes expire (docs/notifications.md), one Query and one GetItem
    // more: the two-record episode a stage upgraded mid-incident may still hold.
    const peerOps = [...(notify?.operations.peer ?? [])];
    peerOps.splice(peerOps.lastIndexOf("PutItem"), 1, "UpdateItem");
    const legacyReads = ["Query", "GetItem"];
    expect(notify?.sides.function?.calls).toBe((notify?.sides.peer?.calls ?? Number.NaN) + legacyReads.length);
    expect([...(notify?.operations.function ?? [])].sort()).toEqual([...peerOps, ...legacyReads].sort());
    expect(notify?.operations.function).toContain("POST /slack/api/chat.postMessage");
    // The peer makes every call one after another; the function reads in parallel.
    const fnSerial = notify?.sides.function?.sequentialCallsBeforeAction ?? Number.NaN;
    const peerSerial = notify?.sides.peer?.sequentialCallsBeforeAction ?? Number.NaN;
    expect(fnSerial).toBeGreaterThanOrEqual(1);
    expect(peerSerial).toBeGreaterThan(fnSerial);

    expect(webhook?.returned.function).toContain('"statusCode":202');
    expect(webhook?.returned.peer).toContain('"statusCode":202');
    // The signing secret comes from SSM, as SST deploys it, before the event can be verified and forwarded.
    expect(webhook?.operations.function).toEqual(["GetParameters", "PutEvents"]);
    expect(webhook?.operations.peer).toEqual(["GetParameters", "PutEvents"]);
    expect(webhook?.sides.function?.sequentialCallsBeforeAction).toBe(1);
  }, 120_000);
});

describe("bench/cold-start.ts", () => {
  it.each([
    [["--runs", "0"], /--runs must be at least 1/],
    [["--only", "nope"], /--only: no function nope/],
    [["--runs", "x"], /--runs expects a whole number/],
  ])("%j is a usage error, exit 2", async (args, problem) => {
    const run = await runScript("../bench/cold-start.ts", args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(problem);
  });
});
