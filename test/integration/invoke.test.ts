import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runScript } from "../support/cli.js";
import { fixturePath } from "../support/fixtures.js";

const invoke = (...args: string[]) => runScript("invoke.ts", args);

describe("npm run invoke", () => {
  it("prints the sns.Publish effect of a cpu-critical ALARM, with its attributes, as the last stdout line", async () => {
    const { code, json, stderr } = await invoke(
      "notify",
      fixturePath("cloudwatch/cpu-critical.alarm"),
      "--stage",
      "prod",
    );
    expect(code).toBe(0);
    expect(json).toMatchObject({ function: "notify", ok: true, result: { outcome: "act", mode: "dry-run" } });
    expect(json.effects).toEqual([
      expect.objectContaining({ type: "slack.chat.postMessage", channel: "#hero365-alerts" }),
      expect.objectContaining({
        type: "sns.Publish",
        attributes: { severity: "critical", service: "backend", row: "cpu-critical", state: "ALARM" },
      }),
    ]);
    expect(stderr).toContain("effect sns.Publish to alerts");
  });

  it("prints a resolve message for the OK sample", async () => {
    const { json } = await invoke("notify", fixturePath("cloudwatch/cpu-critical.ok"), "--stage", "prod");
    const sns = json.effects.find((e: { type: string }) => e.type === "sns.Publish");
    expect(sns.subject).toMatch(/^\[RESOLVED\]/);
  });

  it("returns ok with no effects and a reason for an alarm that matches no row", async () => {
    const { code, json } = await invoke("notify", fixturePath("cloudwatch/unknown.alarm"));
    expect(code).toBe(0);
    expect(json).toMatchObject({ ok: true, effects: [], result: { outcome: "skip", code: "unknown-alarm" } });
    expect(json.result.reason).toContain("billing-estimated-charges");
  });

  it("returns ok: false with a clear error for a malformed event", async () => {
    const { code, json } = await invoke("notify", fixturePath("cloudwatch/malformed"));
    expect(code).toBe(1);
    expect(json).toMatchObject({ ok: false, effects: [], error: { name: "InvalidEventError" } });
    expect(json.error.message).toContain("detail.alarmName");
  });

  it.each([
    [
      "an unknown function",
      ["nope", fixturePath("cloudwatch/cpu-critical.alarm")],
      /unknown function "nope"; functions: .*notify/,
    ],
    ["a missing event file", ["notify", "events/none.json"], /event file not found: events\/none.json/],
    ["no event file", ["notify"], /usage: npm run invoke/],
    ["--live without a stage", ["notify", fixturePath("cloudwatch/cpu-critical.alarm"), "--live"], /name the --stage/],
  ])("exits 2 and says which for %s", async (_what, args, message) => {
    const { code, stderr, stdout } = await invoke(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe("");
  });

  it("exits 2 for an event file that is not JSON", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "hero365-"));
    const file = path.join(dir, "bad.json");
    await writeFile(file, "{ not json");
    const { code, stderr } = await invoke("notify", file);
    expect(code).toBe(2);
    expect(stderr).toMatch(/is not valid JSON/);
  });

  it("reads the state a handler sees from a world file, and rejects an invalid one by field", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "hero365-"));
    const world = path.join(dir, "world.json");
    await writeFile(world, JSON.stringify({ now: "2026-11-27T03:20:00Z", services: { backend: {} } }));
    const { code, stderr } = await invoke("notify", fixturePath("cloudwatch/cpu-critical.alarm"), "--world", world);
    expect(code).toBe(2);
    expect(stderr).toMatch(/invalid world file .*services\.backend\.desiredCount/);
  });
});

describe("npm start", () => {
  it("replays every sample through the deployed rules and prints the timeline", async () => {
    const { code, stdout } = await runScript("start.ts", []);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Replaying 32 sample events through \d+ rules/);
    expect(stdout).toMatch(
      /cpu-critical\.alarm\.json +hero365-prod-cpu-critical-backend -> ALARM\n +rule prod-hero365-scaling-notify -> notify\n +act \(recorded\)/,
    );
    expect(stdout).toMatch(
      /cpu-critical\.insufficient-data\.json.*\n +no rule matches: INSUFFICIENT_DATA never triggers/,
    );
    expect(stdout).toMatch(/unknown\.alarm\.json.*\n +no rule matches/);
    expect(stdout).toMatch(/32 events, \d+ invocations, \d+ planned effects \(none applied\)\./);
  });
});
