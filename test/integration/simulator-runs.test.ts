import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { deployedFor, runScenario } from "../../sim/index.js";
import { renderReport } from "../../sim/report.js";
import { loadScenario, parseScenario, SCENARIOS_DIR, type ScenarioInput } from "../../sim/scenario.js";
import { STRATEGIES, strategiesJson } from "../../sim/strategies.js";
import { summarize } from "../../sim/summary.js";
import { runScript } from "../support/cli.js";
import { fixture } from "../support/fixtures.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

beforeAll(async () => {
  await deployedFor("prod");
}, 120_000);

/** The "Black Friday" example of docs/simulator.md, less its placeholder raw event (`"...": "..."`). */
async function blackFriday(): Promise<ScenarioInput> {
  const doc = await readFile(path.join(ROOT, "docs/simulator.md"), "utf8");
  const block = /```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
  if (!block) throw new Error("docs/simulator.md has no scenario example");
  const example = JSON.parse(block) as ScenarioInput & { events: Record<string, unknown>[] };
  example.events = example.events.filter((e) => !(e.event && JSON.stringify(e.event).includes('"..."')));
  return example;
}

/** PagerDuty triggers of one function (page-oncall pages the error rate; scale-ecs escalates at the ceiling). */
const pageTriggers = (r: Awaited<ReturnType<typeof runScenario>>, functionName: string) =>
  r.records.effects.filter((e) => e.type === "pagerduty.trigger" && e.functionName === functionName);

describe("simulator: a phase's pinned signals end with the phase", () => {
  it("a 5-minute error burst in the last phase fires, pages and resolves once, though the run goes on", async () => {
    const r = await runScenario(
      parseScenario({
        name: "burst at the end",
        minutes: 90,
        services: {
          backend: {
            phases: [
              { minutes: 55, rpm: 1500 },
              { minutes: 5, label: "burst", errorRate: 6 },
            ],
          },
        },
      }),
    );
    const errors = (r.minutes.backend ?? []).map((m) => m.errorRate ?? 0);
    expect(errors.filter((e) => e > 1)).toHaveLength(5);
    expect(errors.slice(60).every((e) => e === 0)).toBe(true);
    const alarm = r.alarms.find((a) => a.row === "error-rate-high" && a.target === "backend");
    expect(alarm?.spans).toHaveLength(1);
    expect(alarm?.spans[0]?.to).toBeDefined();
    expect(((alarm?.spans[0]?.to as number) - (alarm?.spans[0]?.from as number)) / 60_000).toBeLessThanOrEqual(6);
    expect(r.records.effects.filter((e) => e.type === "pagerduty.trigger")).toHaveLength(1);
    expect(summarize(r).pages).toBe(1);
  }, 120_000);

  it("the docs' Black Friday: the 20-minute error phase is 20 minutes in ALARM and pages once", async () => {
    const r = await runScenario(parseScenario(await blackFriday()));
    const backend = r.minutes.backend ?? [];
    expect(backend).toHaveLength(1440);
    expect(backend.filter((m) => (m.errorRate ?? 0) > 1)).toHaveLength(20);
    expect(backend.filter((m) => m.latency === 3.5)).toHaveLength(20);
    const alarm = r.alarms.find((a) => a.row === "error-rate-high" && a.target === "backend");
    expect(alarm?.spans).toHaveLength(1);
    expect(summarize(r).services[0]?.alarms.find((a) => a.row === "error-rate-high")?.alarmMinutes).toBe(20);
    expect(pageTriggers(r, "page-oncall")).toHaveLength(1);
    // The doorbuster's load holds after its phase, over the Scale tier's 30 tasks: one escalation page for it.
    expect(summarize(r).pages).toBe(2);
    expect(r.records.failures).toEqual([]);
  }, 180_000);
});

describe("simulator: strategies side by side", () => {
  it("runs the same trace under the pipeline, target tracking alone and the tier maximum", async () => {
    const r = await runScenario(await loadScenario(path.join(SCENARIOS_DIR, "ramp.json")));
    const { pipeline, "target-tracking": tracking, "static-max": fixed } = r.strategies;
    // The same load reached every strategy: what differs is the tasks serving it.
    expect(pipeline.running.backend).toHaveLength(r.minutes.backend?.length as number);
    expect(tracking.running.backend).toHaveLength(r.minutes.backend?.length as number);
    expect(new Set(fixed.running.backend)).toEqual(new Set([15]));
    expect(fixed.actions).toBe(0);
    expect(fixed.pages).toBe(0);
    expect(tracking.pages).toBe(0);
    expect(tracking.actions).toBeGreaterThan(0);
    expect(pipeline.actions).toBeGreaterThan(tracking.actions);
    expect(pipeline.pages).toBe(summarize(r).pages);
    // The ramp outruns target tracking alone; the matrix's floor raise serves it sooner, for more task time.
    expect(tracking.breachMinutes).toBeGreaterThan(pipeline.breachMinutes);
    expect(pipeline.taskHours).toBeGreaterThan(tracking.taskHours);
    expect(fixed.breachMinutes).toBeLessThanOrEqual(pipeline.breachMinutes);
    expect(fixed.taskHours).toBeCloseTo((15 * (r.end - r.start)) / 3_600_000, 5);
    const json = strategiesJson(r.strategies);
    for (const name of STRATEGIES) {
      expect(Object.keys(json[name] ?? {})).toEqual(
        expect.arrayContaining(["breachMinutes", "taskHours", "costUsd", "actions", "pages"]),
      );
    }
  }, 180_000);
});

describe("simulator: the cost over time", () => {
  it("bills each strategy minute by minute to the end of the run, its last minute being its Fargate cost", async () => {
    // Prepare: ramp.json stopped at 09:19, while the tasks scale-ecs launched at 09:18:21.310 are still starting.
    const { file: _file, ...ramp } = await loadScenario(path.join(SCENARIOS_DIR, "ramp.json"));
    const minutes = 19;

    // Act
    const r = await runScenario(parseScenario({ ...ramp, minutes }));

    // Assess
    for (const name of STRATEGIES) {
      const { taskSeconds, perTaskHour } = r.strategies[name].billed.backend ?? { taskSeconds: [], perTaskHour: 0 };
      expect(taskSeconds).toHaveLength(minutes);
      expect(taskSeconds.every((t, i) => i === 0 || t >= (taskSeconds[i - 1] as number))).toBe(true);
      expect(((taskSeconds.at(-1) as number) / 3600) * perTaskHour).toBe(r.strategies[name].costUsd);
    }
    expect(r.strategies["static-max"].billed.backend?.taskSeconds).toEqual(
      Array.from({ length: minutes }, (_, m) => 15 * 60 * (m + 1)),
    );
    // The pipeline: 3 tasks to 09:18:00; target tracking's 7 (the 4 it launched billed from their launch) for
    // 21.31 s; scale-ecs's 14 from 09:18:21.310 to the end at 09:19:00. The tasks still starting when the run
    // ends are billed to its end, not to when they start after it.
    expect(r.billedTaskSeconds.backend).toBeCloseTo(3 * 18 * 60 + 7 * 21.31 + 14 * 38.69, 6);
    expect(r.strategies.pipeline.billed.backend?.taskSeconds.at(-1)).toBe(r.billedTaskSeconds.backend);
  }, 120_000);
});

describe("simulator: tickets through the ledger", () => {
  it("connections over the limit every afternoon for 30 days open one ticket and comment on it", async () => {
    const month = 30 * 1440;
    const { file: _file, ...creep } = await loadScenario(path.join(SCENARIOS_DIR, "db-connection-creep.json"));
    const r = await runScenario(
      parseScenario({
        ...creep,
        minutes: month,
        services: {},
        supabase: { phases: [{ minutes: month, connections: { daily: { min: 45, max: 92, peakHour: 15 } } }] },
      }),
    );
    const fired = r.alarms.find((a) => a.row === "db-connections-high")?.spans.length ?? 0;
    expect(fired).toBeGreaterThanOrEqual(28);
    expect(r.records.effects.filter((e) => e.type === "github.issues.create")).toHaveLength(1);
    expect(r.records.effects.filter((e) => e.type === "github.issues.createComment")).toHaveLength(fired - 1);
    expect(r.records.failures).toEqual([]);
  }, 600_000);
});

describe("simulator: scheduled runs known to find nothing to do", () => {
  it.each(["lost-follow-up", "lost-ok", "bad-deploy", "ramp"])(
    "%s: counting them without invoking the reconciler changes nothing in the run",
    async (name) => {
      const scenario = await loadScenario(path.join(SCENARIOS_DIR, `${name}.json`));
      const every = await runScenario(scenario, { invokeEveryScheduledRun: true });
      const known = await runScenario(scenario);
      expect(every.knownIdleRuns).toBe(0);
      expect(known.knownIdleRuns).toBeGreaterThan(0);
      expect(known.scheduledRuns).toEqual(every.scheduledRuns);
      expect(known.records.transitions).toEqual(every.records.transitions);
      expect(known.records.effects).toEqual(every.records.effects);
      expect(
        known.records.decisions.map(({ at, functionName, outcome, code }) => ({ at, functionName, outcome, code })),
      ).toEqual(
        every.records.decisions.map(({ at, functionName, outcome, code }) => ({ at, functionName, outcome, code })),
      );
      expect(known.minutes).toEqual(every.minutes);
    },
    180_000,
  );
});

describe("simulator: scenarios are checked like a product's input", () => {
  const backend = (phase: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
    name: "bad input",
    services: { backend: { phases: [{ minutes: 60, rpm: 1500, ...phase }], ...more } },
  });

  it.each([
    ["a CPU over 100 %", backend({ cpu: 500 }), /services\.backend\.phases\.0\.cpu: a percentage, 0 to 100/],
    ["a 5xx rate over 100 %", backend({ errorRate: 400 }), /services\.backend\.phases\.0\.errorRate: a percentage/],
    ["a ramp of memory below 0", backend({ memory: { from: -5, to: 50 } }), /phases\.0\.memory\.from: a percentage/],
    [
      "connections over 100 %",
      { name: "x", supabase: { phases: [{ minutes: 60, connections: 300 }] } },
      /supabase\.phases\.0\.connections: a percentage, 0 to 100/,
    ],
    ["a negative load", backend({ rpm: -1 }), /services\.backend\.phases\.0\.rpm/],
    [
      "tasks beyond the tier",
      backend({}, { initialTasks: 200 }),
      /services\.backend\.initialTasks: 200 is outside the Growth tier's backend bounds \(3–15 tasks\)/,
    ],
    [
      "tasks below the what-if tier",
      { ...backend({}, { initialTasks: 2 }), tier: "scale" },
      /services\.backend\.initialTasks: 2 is outside the Scale tier's backend bounds \(5–30 tasks\)/,
    ],
    [
      "an unknown stage",
      { ...backend({}), stage: "staging" },
      /stage: "staging" is not a stage of hero365\.config\.ts \(one of .*prod/,
    ],
    [
      "an event after the end",
      { ...backend({}), minutes: 60, events: [{ at: 75, killSwitch: true }] },
      /events\.0\.at: minute 75 is not within the run \(minutes 0 to 59\)/,
    ],
  ])("rejects %s, naming the field", (_what, json, message) => {
    expect(() => parseScenario(json)).toThrow(message);
  });

  it("rejects an injected alarm event CloudWatch could not send (an incomplete previousState)", async () => {
    const event = fixture<Record<string, { previousState: Record<string, unknown> }>>("cloudwatch/cpu-high.alarm");
    delete event.detail?.previousState.timestamp;
    expect(() => parseScenario({ ...backend({}), events: [{ at: 5, event }] })).toThrow(
      /events\.0\.event\.detail\.previousState\.timestamp: .*\(a CloudWatch alarm event\)/,
    );
  });

  it("npm start refuses it before simulating: one line on stderr naming the field, exit 2", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "hero365-sim-input-"));
    const file = path.join(dir, "bad.json");
    await writeFile(file, JSON.stringify(backend({ cpu: 500 })));
    const run = await runScript("start.ts", [file, "--out", dir]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^npm start: .*services\.backend\.phases\.0\.cpu: a percentage, 0 to 100/);
  }, 120_000);
});

describe("simulator: npm start", () => {
  it("prints the strategies table, writes summary.json, and on a pipe says its progress every 10 %", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "hero365-sim-start-"));
    const run = await runScript("start.ts", [path.join(SCENARIOS_DIR, "ramp.json"), "--out", dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\nstrategies on the same trace \(one capacity model\):\n +strategy +breach min/);
    expect(run.stdout).toMatch(/\n +target-tracking +\d+ /);
    expect(run.stdout).toMatch(/\nThe pipeline (cut|added|did)[^\n]+\.\n/);
    const progress = run.stderr.split("\n").filter((l) => /^ {2}simulated \d+ % \(to /.test(l));
    expect(progress.map((l) => Number(/simulated (\d+) %/.exec(l)?.[1]))).toEqual([
      10, 20, 30, 40, 50, 60, 70, 80, 90, 100,
    ]);
    const json = JSON.parse(await readFile(path.join(dir, "summary.json"), "utf8"));
    for (const name of STRATEGIES) {
      expect(json.strategies[name]).toEqual(
        expect.objectContaining({
          breachMinutes: expect.any(Number),
          taskHours: expect.any(Number),
          costUsd: expect.any(Number),
          actions: expect.any(Number),
          pages: expect.any(Number),
        }),
      );
    }
    expect(json.strategies["static-max"].taskHours).toBeCloseTo((15 * 70) / 60, 1);
    // The ramp's one scale-out (test/integration/simulator-reactions.test.ts says why these figures).
    expect(json.reactions).toEqual([
      expect.objectContaining({ row: "response-time-high", alarmToActionSeconds: 0, alarmToRunningSeconds: 90 }),
    ]);
    expect(run.stdout).toContain(
      "\nscale-out reactions: 1; median alarm → action 0 s, alarm → tasks running 1 min 30 s\n",
    );
  }, 120_000);
});

describe("simulator: months", () => {
  it("a 120-day scenario completes, its figures summed over every minute", async () => {
    const days = 120;
    const r = await runScenario(
      parseScenario({
        name: "four months",
        start: "2026-08-01T00:00:00Z",
        minutes: days * 1440,
        services: { backend: { phases: [{ minutes: days * 1440, rpm: { daily: { min: 600, max: 3000 } } }] } },
      }),
    );
    expect(r.minutes.backend).toHaveLength(days * 1440);
    const s = summarize(r);
    expect(s.minutes).toBe(days * 1440);
    expect(s.services[0]?.peakDesired).toBeGreaterThanOrEqual(3);
    expect(r.scheduledRuns).toEqual([{ functionName: "reconcile", runs: (days * 1440) / 5, acted: 0 }]);
    expect(r.strategies["static-max"].taskHours).toBeCloseTo(15 * 24 * days, 5);
  }, 600_000);
});

describe("simulator: the report", () => {
  it("names the scenario's phases and shades its deployments", async () => {
    const r = await runScenario(await loadScenario(path.join(SCENARIOS_DIR, "bad-deploy.json")));
    const html = renderReport(r, summarize(r));
    const labels = [...html.matchAll(/<text class="phase-label"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(["steady", "bad release", "rolled back"]);
    const spans = [...html.matchAll(/<rect class="deploy-span"[^>]*><title>([^<]+)<\/title>/g)].map((m) => m[1]);
    // bad-deploy.json: a 12-minute deployment from minute 15.
    expect(spans).toEqual(["deployment 14:15:00 → 14:27:00"]);
    expect(html).toContain("deployment in progress");
    expect(html).toContain("error-rate-high in ALARM");
  }, 120_000);
});
