import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { TIERS } from "../../core/tiers.js";
import { deployedFor, runScenario, type SimulationResult } from "../../scripts/lib/sim/index.js";
import { loadScenario, parseScenario, SCENARIOS_DIR } from "../../scripts/lib/sim/scenario.js";
import { summarize } from "../../scripts/lib/sim/summary.js";
import { fixture } from "../support/fixtures.js";

const run = async (name: string) => runScenario(await loadScenario(path.join(SCENARIOS_DIR, `${name}.json`)));

beforeAll(async () => {
  // One offline synth per test file; every scenario below shares it.
  await deployedFor("prod");
}, 120_000);

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

  it("bad deploy: the error-rate alarm fires once and resolves once; page-oncall pages once and resolves once", async () => {
    const r = await run("bad-deploy");
    expect(transitions(r, "error-rate-high")).toEqual(["OK→ALARM", "ALARM→OK"]);
    const onEvents = r.records.decisions.filter((d) => d.functionName === "page-oncall" && d.via.startsWith("rule "));
    expect(onEvents.map((d) => d.outcome)).toEqual(["act", "act"]);
    expect(r.records.effects.filter((e) => e.type === "pagerduty.trigger")).toHaveLength(1);
    expect(r.records.effects.filter((e) => e.type === "pagerduty.resolve")).toHaveLength(1);
    expect(summarize(r).pages).toBe(1);
    expect(r.records.effects.filter((e) => e.category === "scale-out")).toEqual([]);
    expect(r.records.failures).toEqual([]);
  }, 120_000);

  it("total outage: the backend's targets stop answering for 10 min; the load-balancer alarm pages once and resolves once", async () => {
    const r = await run("outage");
    const backend = r.minutes.backend ?? [];
    const down = backend.filter((m) => m.answered === 0);
    expect(down).toHaveLength(10);
    for (const m of down) {
      expect(m.unanswered).toBeGreaterThan(0);
      expect(m.errorRate).toBeUndefined();
    }
    expect(transitions(r, "lb-error-rate-high")).toEqual(["OK→ALARM", "ALARM→OK"]);
    expect(transitions(r, "error-rate-high")).toEqual([]);
    const onEvents = r.records.decisions.filter((d) => d.functionName === "page-oncall" && d.via.startsWith("rule "));
    expect(onEvents.map((d) => [d.target, d.outcome])).toEqual([
      ["alb", "act"],
      ["alb", "act"],
    ]);
    expect(r.records.effects.filter((e) => e.type === "pagerduty.trigger")).toHaveLength(1);
    expect(r.records.effects.filter((e) => e.type === "pagerduty.resolve")).toHaveLength(1);
    expect(summarize(r).pages).toBe(1);
    expect(r.records.effects.filter((e) => e.category === "scale-out")).toEqual([]);
    expect(r.records.failures).toEqual([]);
  }, 120_000);

  it("bad deploy pages through the backend's own alarm, never through the load balancer's", async () => {
    const r = await run("bad-deploy");
    expect(transitions(r, "lb-error-rate-high")).toEqual([]);
    expect(r.records.transitions.filter((t) => t.to === "ALARM").map((t) => t.alarm)).toEqual([
      "hero365-prod-error-rate-high-backend",
    ]);
  }, 120_000);

  it("DB-connection creep: the connections alarm fires once and resolves once; plan-upgrade-ticket opens one ticket", async () => {
    const r = await run("db-connection-creep");
    expect(transitions(r, "db-connections-high")).toEqual(["OK→ALARM", "ALARM→OK"]);
    const decisions = r.records.decisions.filter((d) => d.functionName === "plan-upgrade-ticket");
    expect(decisions.map((d) => d.outcome)).toEqual(["act", "skip"]);
    const tickets = r.records.effects.filter((e) => e.type === "github.issues.create" || e.type === "webhook.post");
    expect(tickets).toHaveLength(1);
    expect(tickets[0]?.text).toMatch(/Supabase connections at 8\d(\.\d)? %.*upgrade compute Small → Medium/);
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
