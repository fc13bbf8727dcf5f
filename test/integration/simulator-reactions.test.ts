import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { TIERS } from "../../core/matrix/tiers.js";
import { EVALUATION_LAG_MS } from "../../sim/cloudwatch.js";
import { deployedFor, runScenario } from "../../sim/index.js";
import { formatReactions, reactionsJson, reactionsOf } from "../../sim/reactions.js";
import { loadScenario, parseScenario, SCENARIOS_DIR } from "../../sim/scenario.js";

const MINUTE = 60_000;

beforeAll(async () => {
  await deployedFor("prod");
}, 120_000);

describe("simulator: from the alarm to the tasks running", () => {
  it("ramp: response-time-high fires at 09:18:21, scale-ecs doubles 7 → 14 at once, the tasks run 90 s later", async () => {
    // Prepare
    const scenario = await loadScenario(path.join(SCENARIOS_DIR, "ramp.json"));
    const start = Date.parse(scenario.start);
    // ramp.json: 10 quiet minutes, 5 at 10 arrivals/s, then 50 arrivals/s (6,000 requests/min) from minute 15.
    // Three 1-vCPU tasks serve 3,600 requests/min at most (sim/capacity.ts): the p95 is over 2 s from that
    // minute on, and response-time-high (3 × 1 min) goes to ALARM when the third period (09:17–09:18) is
    // evaluated, CloudWatch's evaluation lag after it ends.
    const alarmAt = start + (10 + 5 + 3) * MINUTE + EVALUATION_LAG_MS;
    const taskStart = scenario.taskStartSeconds * 1000;

    // Act
    const r = await runScenario(scenario);
    const reactions = reactionsOf(r);

    // Assess
    // Target tracking got there first: 3 → 7 at 09:18:00 on requests per target (3 minutes above 1,000).
    const tracking = r.records.activities[0];
    expect(tracking).toMatchObject({ at: start + 18 * MINUTE, policy: "requests", from: 3, to: 7 });
    // scale-ecs's first step doubles what it finds (capped at the tier's maximum): 7 → 14.
    const to = Math.min(2 * 7, TIERS.growth.services.backend.maxCapacity);
    expect(reactions).toEqual([
      {
        service: "backend",
        alarm: "hero365-prod-response-time-high-backend",
        row: "response-time-high",
        functionName: "scale-ecs",
        alarmAt,
        // The simulator delivers the ALARM event when the alarm changes state, and the handler takes no
        // simulated time: the scale-out is applied at the transition itself.
        actedAt: alarmAt,
        desiredFrom: 7,
        desiredTo: to,
        // The seven tasks it launched start `taskStartSeconds` later; target tracking's four, launched 21.31 s
        // earlier, were already running by then.
        runningAt: alarmAt + taskStart,
      },
    ]);
    expect(reactionsJson(reactions)).toEqual([
      expect.objectContaining({
        alarmAt: "2026-11-27T09:18:21.310Z",
        actedAt: "2026-11-27T09:18:21.310Z",
        desired: { from: 7, to: 14 },
        runningAt: "2026-11-27T09:19:51.310Z",
        alarmToActionSeconds: 0,
        alarmToRunningSeconds: scenario.taskStartSeconds,
      }),
    ]);
    expect(formatReactions(reactions)).toBe(
      "scale-out reactions: 1; median alarm → action 0 s, alarm → tasks running 1 min 30 s",
    );
  }, 120_000);

  it("says so when the run ends before the tasks run", async () => {
    // Prepare: the same ramp, stopped at 09:19, 39 s after the alarm: before the tasks' 90 s are over.
    const { file: _file, ...ramp } = await loadScenario(path.join(SCENARIOS_DIR, "ramp.json"));
    const scenario = parseScenario({ ...ramp, minutes: 19 });

    // Act
    const reactions = reactionsOf(await runScenario(scenario));

    // Assess
    expect(reactions).toHaveLength(1);
    expect(reactions[0]?.runningAt).toBeUndefined();
    expect(reactionsJson(reactions)[0]).toMatchObject({
      runningAt: null,
      alarmToActionSeconds: 0,
      alarmToRunningSeconds: null,
    });
    expect(formatReactions(reactions)).toBe(
      "scale-out reactions: 1; median alarm → action 0 s; 1 not running by the end of the run",
    );
  }, 120_000);
});
