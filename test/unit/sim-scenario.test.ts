import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ScenarioError } from "../../sim/errors.js";
import { seededRandom } from "../../sim/random.js";
import {
  levelAt,
  loadScenario,
  parseScenario,
  SCENARIOS_DIR,
  scenarioMinutes,
  serviceSeries,
  supabaseSeries,
} from "../../sim/scenario.js";

const START = new Date("2026-11-27T00:00:00Z");

describe("scenarios", () => {
  it("names the field of an invalid scenario", () => {
    expect(() => parseScenario({ name: "x", services: { backend: { phases: [{ minutes: 0 }] } } })).toThrow(
      /services\.backend\.phases\.0\.minutes/,
    );
    expect(() =>
      parseScenario({ name: "x", services: { backend: { phases: [{ minutes: 5, rpm: "lots" }] } } }),
    ).toThrow(ScenarioError);
    expect(() =>
      parseScenario({ name: "x", start: "2026-11-27T00:00:30Z", events: [{ at: 1, killSwitch: true }] }),
    ).toThrow(/start: start must fall on a whole minute/);
    expect(() =>
      parseScenario({ name: "x", events: [{ at: 1, killSwitch: true, deploy: { service: "backend", minutes: 5 } }] }),
    ).toThrow(/exactly one of/);
    expect(() => parseScenario({ name: "nothing" })).toThrow(/needs a service trace/);
  });

  it("reads levels as constants, ramps across the phase, and a day's curve peaking at its hour", () => {
    expect(levelAt(42, 3, 10, START)).toBe(42);
    expect(levelAt({ from: 100, to: 200 }, 0, 11, START)).toBe(100);
    expect(levelAt({ from: 100, to: 200 }, 5, 11, START)).toBe(150);
    expect(levelAt({ from: 100, to: 200 }, 10, 11, START)).toBe(200);
    const daily = { daily: { min: 10, max: 110, peakHour: 14 } };
    expect(levelAt(daily, 0, 1, new Date("2026-11-27T14:00:00Z"))).toBeCloseTo(110);
    expect(levelAt(daily, 0, 1, new Date("2026-11-27T02:00:00Z"))).toBeCloseTo(10);
    expect(levelAt(daily, 0, 1, new Date("2026-11-27T08:00:00Z"))).toBeCloseTo(60);
  });

  it("continues the load into a phase that omits it, pins signals for their phase only, and repeats per seed", () => {
    const trace = parseScenario({
      name: "x",
      services: {
        backend: {
          phases: [
            { minutes: 2, rpm: 1000 },
            { minutes: 2, errorRate: 5 },
            { minutes: 1, rpm: 10 },
          ],
        },
      },
    }).services.backend;
    if (!trace) throw new Error("no trace");
    const series = serviceSeries(trace, START, 6, seededRandom(1), 0);
    expect(series.map((m) => m.rpm)).toEqual([1000, 1000, 1000, 1000, 10, 10]);
    expect(series.map((m) => m.errorRate)).toEqual([undefined, undefined, 5, 5, undefined, undefined]);
    const noisy = (seed: number) => serviceSeries(trace, START, 6, seededRandom(seed), 0.05).map((m) => m.rpm);
    expect(noisy(7)).toEqual(noisy(7));
    expect(noisy(7)).not.toEqual(noisy(8));
    for (const rpm of noisy(7).slice(0, 4)) expect(Math.abs(rpm - 1000)).toBeLessThanOrEqual(50);
  });

  it("pins the share of requests the targets answer for its phase only: 0 is a total outage", () => {
    const trace = parseScenario({
      name: "x",
      services: { backend: { phases: [{ minutes: 1, rpm: 600 }, { minutes: 2, answering: 0 }, { minutes: 1 }] } },
    }).services.backend;
    if (!trace) throw new Error("no trace");
    const series = serviceSeries(trace, START, 4, seededRandom(1), 0);
    expect(series.map((m) => [m.rpm, m.answering])).toEqual([
      [600, undefined],
      [600, 0],
      [600, 0],
      [600, undefined],
    ]);
  });

  it("lasts as long as its longest trace, or past its last event", () => {
    const s = parseScenario({
      name: "x",
      services: { backend: { phases: [{ minutes: 30, rpm: 1 }] } },
      supabase: { phases: [{ minutes: 45, connections: 50 }] },
    });
    expect(scenarioMinutes(s)).toBe(45);
    expect(scenarioMinutes(parseScenario({ name: "y", events: [{ at: 100, killSwitch: true }] }))).toBe(130);
    expect(supabaseSeries(s.supabase as NonNullable<typeof s.supabase>, START, 3)).toEqual([
      { connections: 50, egress: undefined },
      { connections: 50, egress: undefined },
      { connections: 50, egress: undefined },
    ]);
  });

  it("loads every bundled scenario, and says which file is missing", async () => {
    const files = (await readdir(SCENARIOS_DIR)).filter((f) => f.endsWith(".json"));
    expect(files.sort()).toEqual([
      "bad-deploy.json",
      "calm-day.json",
      "db-connection-creep.json",
      "enterprise-week.json",
      "eventbridge-outage.json",
      "flash-spike.json",
      "lost-follow-up.json",
      "lost-ok.json",
      "outage.json",
      "ramp.json",
    ]);
    for (const file of files) await expect(loadScenario(path.join(SCENARIOS_DIR, file))).resolves.toBeTruthy();
    await expect(loadScenario("events/scenarios/none.json")).rejects.toThrow(
      /cannot read scenario events\/scenarios\/none\.json/,
    );
  });
});

describe("the simulator doc's scenario example", () => {
  it("is a valid scenario", async () => {
    const { readFile } = await import("node:fs/promises");
    const readme = await readFile(path.resolve(import.meta.dirname, "../../docs/simulator.md"), "utf8");
    const example = /\*\*Scenario format\*\*[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const scenario = parseScenario(JSON.parse(example as string));
    expect(scenario.services.backend?.phases).toHaveLength(3);
    expect(scenario.events.map((e) => Object.keys(e).find((k) => k !== "at" && k !== "bus"))).toEqual([
      "deploy",
      "killSwitch",
      "suspendScaleOut",
      "eventBridgeOutage",
      "file",
      "event",
    ]);
    expect(scenario.webhooks).toEqual({ perMinute: 1 });
  });
});
