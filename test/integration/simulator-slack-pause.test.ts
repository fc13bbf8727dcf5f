import { beforeAll, describe, expect, it } from "vitest";
import { deployedFor, runScenario } from "../../sim/index.js";
import { parseScenario } from "../../sim/scenario.js";

const START = Date.parse("2026-11-27T09:00:00Z");
const minute = (at: number) => (at - START) / 60_000;

beforeAll(async () => {
  await deployedFor("prod");
}, 120_000);

describe("simulator: a pause from Slack", () => {
  it("holds the matrix with reason paused, naming who and until when, and decides afresh after the hour", async () => {
    const scenario = parseScenario({
      name: "slack-pause",
      start: "2026-11-27T09:00:00Z",
      services: {
        backend: {
          phases: [
            { minutes: 40, rpm: 300 },
            { minutes: 80, cpu: 95, rpm: 300 },
          ],
        },
      },
      events: [{ at: 30, slack: "pause-automation", hours: 1 }],
    });

    const r = await runScenario(scenario);

    const click = r.records.timeline.find((e) => e.label === "Slack");
    expect(click?.text).toBe("U024BE7LH paused automatic actions on prod until 2026-11-27T10:30:00.000Z");
    expect(minute(click?.at ?? 0)).toBe(30);
    const paused = r.records.decisions.filter((d) => d.functionName === "scale-ecs" && d.code === "paused");
    expect(paused.length).toBeGreaterThan(0);
    for (const d of paused) {
      expect(d.reason).toBe(
        "the kill switch is on: automatic actions are paused by U024BE7LH until 2026-11-27T10:30:00.000Z",
      );
      expect(minute(d.at)).toBeLessThan(90);
    }
    // While paused the matrix scales nothing (target tracking, AAS's own, still does).
    const scaleOuts = r.records.effects.filter((e) => e.category === "scale-out").map((e) => minute(e.at));
    expect(scaleOuts.filter((m) => m < 90)).toEqual([]);
    // After the hour the next follow-up decides afresh: target tracking reached the ceiling meanwhile, so it
    // escalates instead of holding.
    const after = r.records.decisions.find((d) => d.functionName === "scale-ecs" && minute(d.at) >= 90);
    expect(after?.code).toBe("at-ceiling");
    expect(r.records.failures).toEqual([]);
  }, 120_000);

  it("refuses a scenario event that names a click and something else", () => {
    expect(() =>
      parseScenario({
        name: "x",
        start: "2026-11-27T09:00:00Z",
        services: { backend: { phases: [{ minutes: 5, rpm: 300 }] } },
        events: [{ at: 1, slack: "pause-automation", killSwitch: true }],
      }),
    ).toThrow("give exactly one of");
  });
});
