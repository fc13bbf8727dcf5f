import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MATRIX } from "../../core/matrix.js";
import { TIERS } from "../../core/tiers.js";
import { routedBy } from "../../scripts/lib/rules.js";
import { deployedFor, runScenario, type SimulationResult } from "../../scripts/lib/sim/index.js";
import { loadScenario, parseScenario, SCENARIOS_DIR } from "../../scripts/lib/sim/scenario.js";
import { fixture } from "../support/fixtures.js";

const run = async (name: string) => runScenario(await loadScenario(path.join(SCENARIOS_DIR, `${name}.json`)));

beforeAll(async () => {
  // One offline synth per test file; every scenario below shares it.
  await deployedFor("prod");
}, 120_000);

/** Whether the deployed rules route a state change of this row's alarm to any function today. */
async function reactionDeployed(sample: string): Promise<boolean> {
  const { rules } = await deployedFor("prod");
  return routedBy(rules, "default", fixture(sample)).length > 0;
}

const transitions = (r: SimulationResult, row: string) =>
  r.records.transitions.filter((t) => t.row === row).map((t) => `${t.from}→${t.to}`);

describe("simulator: the bundled scenarios", () => {
  it("ramp: scales out step by step, through the matrix and target tracking, never above the tier max", async () => {
    const r = await run("ramp");
    const max = TIERS.growth.services.backend.maxCapacity;
    const desired = (r.minutes.backend ?? []).map((m) => m.desired);
    const peak = desired.indexOf(Math.max(...desired));
    const climb = desired.slice(0, peak + 1).filter((d, i, all) => i === 0 || d !== all[i - 1]);
    expect(climb.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < climb.length; i++) expect(climb[i]).toBeGreaterThan(climb[i - 1] as number);
    expect(Math.max(...desired)).toBeLessThanOrEqual(max);
    expect(Math.max(...(r.minutes.backend ?? []).map((m) => m.running))).toBeLessThanOrEqual(max);
    const scaleOuts = r.records.effects.filter((e) => e.category === "scale-out");
    expect(scaleOuts.length).toBeGreaterThanOrEqual(1);
    expect(r.records.activities.some((a) => a.direction === "out")).toBe(true);
    expect(
      r.records.decisions.filter((d) => d.functionName === "scale-ecs" && d.via === "follow-up").length,
    ).toBeGreaterThan(0);
    expect(r.records.failures).toEqual([]);
  }, 120_000);

  it("flash spike: at the ceiling, the matrix holds and escalates to on-call with the next tier", async () => {
    const r = await run("flash-spike");
    const atCeiling = r.records.decisions.filter((d) => d.code === "at-ceiling");
    expect(atCeiling.length).toBeGreaterThanOrEqual(1);
    expect(atCeiling[0]?.reason).toMatch(/at its ceiling \(15 of max 15\).*Recommend the Scale tier/);
    const pages = r.records.effects.filter((e) => e.channel === "sns:onCall");
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages[0]?.text).toMatch(/\[ESCALATION\]/);
    expect(Math.max(...(r.minutes.backend ?? []).map((m) => m.desired))).toBe(15);
  }, 120_000);

  it("calm day: no alarm fires, nothing is invoked, nothing scales", async () => {
    const r = await run("calm-day");
    expect(r.minutes.backend).toHaveLength(1440);
    expect(r.records.transitions).toEqual([]);
    expect(r.invocations).toBe(0);
    expect(r.records.effects).toEqual([]);
    expect(r.records.activities).toEqual([]);
    expect(new Set(r.minutes.backend?.map((m) => m.desired))).toEqual(new Set([3]));
  }, 120_000);

  it("bad deploy: the error-rate alarm fires once and resolves once; it pages once and resolves once where a reaction is deployed", async () => {
    const r = await run("bad-deploy");
    expect(transitions(r, "error-rate-high")).toEqual(["OK→ALARM", "ALARM→OK"]);
    const pageOncall = MATRIX["error-rate-high"].action;
    const invoked = r.records.decisions.filter((d) => d.subject.includes("error-rate-high"));
    if (await reactionDeployed("cloudwatch/error-rate-high.alarm")) {
      const pages = r.records.effects.filter((e) => e.type === "pagerduty.trigger" || e.channel === "sns:onCall");
      const resolves = r.records.effects.filter((e) => e.type === "pagerduty.resolve");
      expect(pages.filter((e) => e.type === "pagerduty.trigger")).toHaveLength(1);
      expect(resolves).toHaveLength(1);
      expect(invoked.map((d) => d.outcome)).toEqual(["act", "act"]);
    } else {
      // Today no rule routes error-rate-high (its `${pageOncall}` reaction is not deployed): the transitions
      // are on the timeline and nothing is invoked.
      expect(pageOncall).toBe("page-oncall");
      expect(invoked).toEqual([]);
      expect(r.records.timeline.filter((e) => e.label === "no rule")).toHaveLength(2);
    }
    expect(r.records.failures).toEqual([]);
  }, 120_000);

  it("DB-connection creep: the connections alarm fires once and resolves once; it opens one ticket where a reaction is deployed", async () => {
    const r = await run("db-connection-creep");
    expect(transitions(r, "db-connections-high")).toEqual(["OK→ALARM", "ALARM→OK"]);
    const invoked = r.records.decisions.filter((d) => d.subject.includes("db-connections-high"));
    if (await reactionDeployed("cloudwatch/db-connections-high.alarm")) {
      expect(
        r.records.effects.filter((e) => e.type === "github.issues.create" || e.type === "webhook.post"),
      ).toHaveLength(1);
    } else {
      expect(MATRIX["db-connections-high"].action).toBe("plan-upgrade-ticket");
      expect(invoked).toEqual([]);
      expect(r.records.timeline.filter((e) => e.label === "no rule")).toHaveLength(2);
    }
    expect(r.records.failures).toEqual([]);
  }, 120_000);
});

describe("simulator: raw events and failures", () => {
  it("delivers a raw event through the rules, and a handler that keeps failing is retried twice then dead-lettered", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "hero365-sim-"));
    const file = path.join(dir, "raw.json");
    const broken = { ...fixture("cloudwatch/cpu-high.alarm"), id: "" };
    await writeFile(
      file,
      JSON.stringify({
        name: "raw events",
        start: "2026-11-27T03:00:00Z",
        minutes: 20,
        events: [
          { at: 1, file: "events/cloudwatch/cpu-critical.alarm.json" },
          { at: 2, event: broken },
        ],
      }),
    );
    const r = await runScenario(await loadScenario(file));
    const notify = r.records.decisions.filter((d) => d.functionName === "notify");
    expect(notify).toEqual([expect.objectContaining({ outcome: "act", via: "rule prod-hero365-scaling-notify" })]);
    expect(r.records.effects.filter((e) => e.type === "sns.Publish")).toHaveLength(1);
    expect(r.records.failures.map((f) => [f.functionName, f.next])).toEqual([
      ["scale-ecs", "Lambda retries in 60 s"],
      ["scale-ecs", "Lambda retries in 120 s"],
      ["scale-ecs", "dead-letter queue (retries exhausted)"],
    ]);
    expect(r.records.failures[0]?.error).toMatch(/^InvalidEventError: .*id/);
  }, 120_000);

  it("with the kill switch on, the matrix holds and changes nothing while target tracking still scales", async () => {
    const scenario = parseScenario({
      name: "paused",
      start: "2026-11-27T09:00:00Z",
      services: {
        backend: {
          phases: [
            { minutes: 5, rpm: 300 },
            { minutes: 20, cpu: 95, rpm: 300 },
          ],
        },
      },
      events: [{ at: 0, killSwitch: true }],
    });
    const r = await runScenario(scenario);
    expect(r.records.decisions.filter((d) => d.outcome === "hold").map((d) => d.code)).toContain("paused");
    expect(r.records.effects.filter((e) => e.category === "scale-out")).toEqual([]);
    expect(r.records.activities.filter((a) => a.direction === "out").length).toBeGreaterThan(0);
  }, 120_000);
});
