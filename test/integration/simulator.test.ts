import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { TIERS } from "../../core/matrix/tiers.js";
import { deployedFor, runScenario, type SimulationResult } from "../../sim/index.js";
import { loadScenario, parseScenario, SCENARIOS_DIR } from "../../sim/scenario.js";
import { summarize } from "../../sim/summary.js";
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

  it("calm day: no alarm fires, no reaction is invoked, the reconciler finds nothing to do, nothing scales", async () => {
    const r = await run("calm-day");
    expect(r.minutes.backend).toHaveLength(1440);
    expect(r.records.transitions).toEqual([]);
    expect(r.invocations).toBe(0);
    // Every 5 minutes, quietly: no decision of it on the timeline.
    expect(r.scheduledRuns).toEqual([{ functionName: "reconcile", runs: 288, acted: 0 }]);
    expect(r.records.decisions).toEqual([]);
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

describe("simulator: the reconciler", () => {
  it("lost OK events: within one period the reconciler lowers the floor to the tier minimum and resolves the page", async () => {
    const r = await run("lost-ok");
    const oks = r.records.transitions.filter((t) => t.to === "OK" && t.target === "backend");
    const okAt = (row: string) => oks.find((t) => t.row === row)?.at as number;
    const byReconciler = r.records.effects.filter((e) => e.functionName === "reconcile");
    const restore = byReconciler.find((e) => e.category === "floor-restore");
    const resolve = byReconciler.find((e) => e.type === "pagerduty.resolve");

    expect(r.records.timeline.filter((e) => e.label === "lost").map((e) => e.text)).toHaveLength(2);
    expect(restore?.text).toMatch(/^floor \d+ → 3/);
    expect((restore?.at as number) - okAt("cpu-high")).toBeLessThanOrEqual(5 * 60_000);
    expect(resolve?.text).toContain("hero365-prod-error-rate-high-backend#");
    expect((resolve?.at as number) - okAt("error-rate-high")).toBeLessThanOrEqual(5 * 60_000);
    expect(r.minutes.backend?.at(-1)?.floor).toBe(TIERS.growth.services.backend.minCapacity);
    // No reaction resolved them: the OK events never arrived.
    expect(r.records.effects.filter((e) => e.type === "pagerduty.resolve")).toHaveLength(1);
    expect(r.scheduledRuns).toEqual([{ functionName: "reconcile", runs: 12, acted: 1 }]);
    expect(r.records.decisions.filter((d) => d.functionName === "reconcile")).toHaveLength(1);
    expect(r.records.failures).toEqual([]);
  }, 120_000);

  it("lost follow-up: the reconciler restarts a silent re-page chain once, and it runs on to the resolve", async () => {
    const r = await run("lost-follow-up");
    const fired = r.records.transitions.find((t) => t.row === "error-rate-high" && t.to === "ALARM")?.at as number;
    const restarts = r.records.decisions.filter((d) => d.functionName === "reconcile");
    const pages = r.records.effects.filter((e) => e.type === "pagerduty.trigger").map((e) => e.at);

    expect(restarts.map((d) => d.reason)).toEqual([
      expect.stringMatching(/^restart page-oncall's follow-ups of .* at step 1/),
    ]);
    // Silent for the re-page interval (30 min) plus the margin (5 min), noticed at the next period.
    const noticed = (restarts[0]?.at as number) - fired;
    expect(noticed).toBeGreaterThan(35 * 60_000);
    expect(noticed).toBeLessThanOrEqual(40 * 60_000);
    // The first page and the missed re-page the reconciler sent. Re-pages are scheduled from now, so the late
    // re-page's successor falls at least one interval later (15:46), after the OK at 15:36: the chain runs on
    // to it and stops there.
    expect(pages).toHaveLength(2);
    expect(pages[1]).toBe(restarts[0]?.at);
    const chainEnd = r.records.decisions.filter((d) => d.functionName === "page-oncall").at(-1);
    expect(chainEnd).toMatchObject({ outcome: "skip", code: "alarm-not-firing" });
    expect(r.records.effects.filter((e) => e.type === "pagerduty.resolve")).toHaveLength(1);
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
          // Malformed on purpose: the scenario says so, or it is refused before the run.
          { at: 2, event: broken, unchecked: true },
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
