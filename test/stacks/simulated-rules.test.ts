import { existsSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ACTIONS } from "../../core/actions/index.js";
import { alarmName, parseAlarmName } from "../../core/alarms/name.js";
import { MATRIX, ROWS, targetsOf } from "../../core/matrix/rows.js";
import { AlarmStateChangeEventSchema } from "../../events/index.js";
import { simAlarms } from "../../sim/cloudwatch.js";
import { deployedFor } from "../../sim/index.js";
import type { DeployedAlarm } from "../../sim/local/alarms.js";
import type { Pattern } from "../../sim/local/event-pattern.js";
import { type DeployedRule, routedBy } from "../../sim/local/rules.js";
import { loadSamples } from "../../sim/local/samples.js";
import { seededRandom } from "../../sim/random.js";

const STAGE = "prod";
const FUNCTIONS = path.resolve(import.meta.dirname, "../../functions");
/** The operators sim/local/event-pattern.ts implements. */
const SUPPORTED = new Set(["prefix", "suffix", "anything-but", "numeric", "exists", "equals-ignore-case", "$or"]);

let rules: DeployedRule[];
let alarms: DeployedAlarm[];

beforeAll(async () => {
  ({ rules, alarms } = await deployedFor(STAGE));
}, 120_000);

/**
 * Where the matrix says an event should go: an ALARM or OK of one of this stage's alarms reaches the function
 * of its row's action, when that function exists; anything else reaches nothing on the default bus.
 */
function intended(event: unknown): string[] {
  const parsed = AlarmStateChangeEventSchema.safeParse(event);
  if (!parsed.success) return [];
  const name = parseAlarmName(parsed.data.detail.alarmName);
  if (!name || name.stage !== STAGE || !["ALARM", "OK"].includes(parsed.data.detail.state.value)) return [];
  const fn = ACTIONS[MATRIX[name.row].action].functionName;
  return existsSync(path.join(FUNCTIONS, `${fn}.ts`)) ? [fn] : [];
}

function routed(event: unknown): string[] {
  return routedBy(rules, "default", event)
    .flatMap((rule) => rule.functions)
    .sort();
}

function operators(pattern: Pattern, found = new Set<string>()): Set<string> {
  for (const [field, value] of Object.entries(pattern)) {
    if (field === "$or") {
      found.add(field);
      for (const alternative of value as readonly Pattern[]) operators(alternative, found);
    } else if (!Array.isArray(value)) {
      operators(value as Pattern, found);
    } else {
      for (const m of value) if (m && typeof m === "object") for (const key of Object.keys(m)) found.add(key);
    }
  }
  return found;
}

describe("the deployed rules, matched locally", () => {
  it("use only pattern operators the local matcher implements", () => {
    const used = new Set(rules.flatMap((rule) => (rule.pattern ? [...operators(rule.pattern)] : [])));
    expect(used.size).toBeGreaterThan(0);
    expect([...used].filter((op) => !SUPPORTED.has(op))).toEqual([]);
  });

  it("route every sample event exactly where the matrix intends", async () => {
    const samples = await loadSamples();
    expect(samples.length).toBeGreaterThan(20);
    const mismatches = samples
      .map((s) => ({ sample: s.name, routed: routed(s.event), intended: intended(s.event) }))
      .filter((m) => JSON.stringify(m.routed) !== JSON.stringify(m.intended));
    expect(mismatches).toEqual([]);
    expect(samples.some((s) => routed(s.event).length > 0)).toBe(true);
  });

  it("route every alarm transition the simulator emits exactly where the matrix intends", () => {
    const start = new Date("2026-11-27T08:00:00Z");
    const ids = seededRandom(1);
    const emitted = simAlarms(ROWS, targetsOf, alarms, STAGE, "us-east-1", start).flatMap((alarm) => {
      const period = alarm.periodMinutes * 60_000;
      const at = (n: number) => new Date(start.getTime() + n * period);
      const above = alarm.deployed.threshold * 2 + 1;
      const events = [];
      for (let n = 1; n <= alarm.row.evaluationPeriods; n++) {
        const t = alarm.evaluate(at(n), [above], ids.uuid);
        if (t) events.push(t.event);
      }
      const back = alarm.evaluate(at(alarm.row.evaluationPeriods + 1), [0], ids.uuid);
      if (back) events.push(back.event);
      return events;
    });
    // Every simulated alarm fires once and resolves once.
    expect(emitted).toHaveLength(2 * ROWS.reduce((n, row) => n + targetsOf(row).length, 0));
    for (const event of emitted) {
      expect(AlarmStateChangeEventSchema.safeParse(event).success).toBe(true);
      expect({ alarm: event.detail.alarmName, routed: routed(event) }).toEqual({
        alarm: event.detail.alarmName,
        routed: intended(event),
      });
    }
  });
});

describe("the simulated alarms", () => {
  it("are the deployed alarms, with the matrix's thresholds and windows", () => {
    const simulated = simAlarms(ROWS, targetsOf, alarms, STAGE, "us-east-1", new Date("2026-11-27T08:00:00Z"));
    const matrixAlarms = alarms.filter((a) => parseAlarmName(a.name)).map((a) => a.name);
    expect(matrixAlarms).toHaveLength(15);
    expect(simulated.map((a) => a.name).sort()).toEqual(matrixAlarms.sort());
    for (const alarm of simulated) {
      const row = alarm.row;
      expect(alarm.name).toBe(alarmName(STAGE, row.id, alarm.target));
      expect({
        name: alarm.name,
        threshold: alarm.deployed.threshold,
        period: alarm.deployed.periodSeconds,
        evaluationPeriods: alarm.deployed.evaluationPeriods,
        datapointsToAlarm: alarm.deployed.datapointsToAlarm,
        treatMissingData: alarm.deployed.treatMissingData,
      }).toEqual({
        name: alarm.name,
        threshold: row.threshold,
        period: row.periodSeconds,
        evaluationPeriods: row.evaluationPeriods,
        datapointsToAlarm: row.evaluationPeriods,
        treatMissingData: row.treatMissingData,
      });
    }
  });
});
