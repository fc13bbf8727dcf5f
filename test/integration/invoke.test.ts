import { mkdtemp, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runScript } from "../support/cli.js";
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
  it("simulates the default scenario: prints the timeline and a summary, writes the report, exits 0", async () => {
    const report = path.join(ROOT, ".sim/report.html");
    const before = await stat(report).then(
      (s) => s.mtimeMs,
      () => 0,
    );
    const { code, stdout } = await runScript("start.ts", []);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Simulating "Gradual ramp": 70 min from 2026-11-27T09:00:00Z on stage prod/);
    expect(stdout).toMatch(/\n09:\d\d:21 +backend +response-time-high +OK → ALARM: /);
    expect(stdout).toMatch(
      /\n09:\d\d:21 +backend +scale-ecs +act: response-time-high on backend: scale out \d+ → \d+ \(step 1\)/,
    );
    expect(stdout).toMatch(/↳ floor 3 → \d+: AAS raises desired/);
    expect(stdout).toMatch(/backend +AAS +target tracking \(\w+\) scales out/);
    expect(stdout).toMatch(/\nSummary \(70 simulated minutes in [\d.]+ s, \d+ invocations\)\n/);
    expect(stdout).toMatch(/Fargate cost: +\$[\d.]+ \([\d.]+ task-hours\) vs \$[\d.]+ static at 15 tasks/);
    expect(stdout).toMatch(/\nReport: \.sim\/report\.html\n$/);
    expect((await stat(report)).mtimeMs).toBeGreaterThan(before);
  }, 120_000);

  it("runs another scenario file, and names the field of an invalid one (exit 2)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "hero365-"));
    const ok = await runScript("start.ts", [fixturePath("scenarios/bad-deploy"), "--out", dir]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/error-rate-high +OK → ALARM: 6 % > 1 % for 1 × 1 min/);
    expect((await stat(path.join(dir, "report.html"))).size).toBeGreaterThan(1000);

    const file = path.join(dir, "bad.json");
    await writeFile(file, JSON.stringify({ name: "x", services: { backend: { phases: [{ minutes: -1 }] } } }));
    const bad = await runScript("start.ts", [file, "--out", dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid scenario .*bad\.json: services\.backend\.phases\.0\.minutes/);
  }, 120_000);

  it("--samples replays every sample through the deployed rules and prints the timeline", async () => {
    const { code, stdout } = await runScript("start.ts", ["--samples"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Replaying 35 sample events through \d+ rules/);
    expect(stdout).toMatch(
      /cpu-critical\.alarm\.json +hero365-prod-cpu-critical-backend -> ALARM\n +rule prod-hero365-scaling-notify -> notify\n +act \(recorded\)/,
    );
    expect(stdout).toMatch(
      /cpu-critical\.insufficient-data\.json.*\n +no rule matches: INSUFFICIENT_DATA never triggers/,
    );
    expect(stdout).toMatch(/unknown\.alarm\.json.*\n +no rule matches/);
    expect(stdout).toMatch(
      /lb-error-rate-high\.alarm\.json +hero365-prod-lb-error-rate-high-alb -> ALARM\n +rule prod-hero365-scaling-page-oncall -> page-oncall\n +act \(recorded\)/,
    );
    expect(stdout).toMatch(/35 events, \d+ invocations, \d+ planned effects \(none applied\)\./);
  }, 120_000);
});

describe("npm run tier", () => {
  it("recommends the tier for an audience, with its configuration and monthly cost", async () => {
    const { code, stdout } = await runScript("tier.ts", ["--users", "5000", "--concurrent", "300", "--rpm", "2000"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Recommended tier: Growth\n/);
    expect(stdout).toMatch(/backend +1 vCPU \/ 2 GB +3–15 +70 %/);
    expect(stdout).toMatch(/frontend +0\.5 vCPU \/ 1 GB +2–8 +60 %/);
    expect(stdout).toContain("Expected monthly cost (seed): AWS $150–$250, Supabase $25, total $175–$275");
  });

  it("lets the most demanding number decide", async () => {
    const { stdout } = await runScript("tier.ts", ["--users", "500", "--rpm", "12000"]);
    expect(stdout).toMatch(/^Recommended tier: Scale\n {2}500 users → Startup .*\n {2}12,000 requests\/min → Scale/);
  });

  it.each([
    ["no --users", [], /usage: npm run tier/],
    ["a number that is not one", ["--users", "many"], /--users expects a whole number, got "many"/],
    ["an unknown flag", ["--users", "5", "--tier", "x"], /usage: npm run tier/],
  ])("exits 2 for %s", async (_what, args, message) => {
    const { code, stderr, stdout } = await runScript("tier.ts", args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe("");
  });
});
