/** The invariants themselves, fed by hand: each one flags what it exists to flag, and only that. */
import { describe, expect, it } from "vitest";
import { stageConfig } from "../../core/config/index.js";
import { SERVICES, type Service, TIERS } from "../../core/matrix/tiers.js";
import { Checks } from "../../scripts/lib/chaos/checks.js";
import { drivenAlarms } from "../../scripts/lib/chaos/history.js";
import { SimService } from "../../sim/ecs.js";

const config = stageConfig("prod");
const MINUTE = 60_000;
const START = Date.parse("2026-11-27T00:00:00.000Z");
const CPU_HIGH = "hero365-prod-cpu-high-backend";
const ERROR_RATE = "hero365-prod-error-rate-high-backend";

function setup(reconciler = false) {
  let now = START;
  const states = new Map<string, { value: string; since: number }>();
  const services = Object.fromEntries(
    SERVICES.map((s) => {
      const size = TIERS[config.tier].services[s];
      return [s, new SimService(s, s, size, size.minCapacity, true, 60_000, new Date(START))];
    }),
  ) as Record<Service, SimService>;
  const checks = new Checks(
    config,
    drivenAlarms("prod"),
    services,
    {
      state: (alarm) => states.get(alarm) ?? { value: "OK", since: START - 3_600_000 },
      alarmEnd: () => now,
    },
    () => now,
    reconciler,
  );
  const floor = (service: Service, min: number) => {
    (services[service].scalableTarget as { minCapacity: number }).minCapacity = min;
  };
  return {
    checks,
    services,
    floor,
    at: (minutes: number) => {
      now = START + minutes * MINUTE;
    },
    alarm: (name: string, value: string, minutes: number) =>
      states.set(name, { value, since: START + minutes * MINUTE }),
    invariants: () => checks.violations.map((v) => v.invariant),
  };
}

describe("chaos checks", () => {
  it("a scale-out that lowers the floor is flagged; one that raises it while the alarm fires is not", () => {
    const w = setup();
    w.alarm(CPU_HIGH, "ALARM", 0);
    w.floor("backend", 12);
    w.checks.scaleOut(CPU_HIGH, "backend", "floor", 14);
    expect(w.invariants()).toEqual([]);
    w.checks.scaleOut(CPU_HIGH, "backend", "floor", 7);
    expect(w.invariants()).toEqual(["a scale-out never lowers the floor"]);
  });

  it("a scale-out while its alarm is OK is flagged as acting on a stale ALARM", () => {
    const w = setup();
    w.alarm(CPU_HIGH, "OK", 10);
    w.checks.scaleOut(CPU_HIGH, "backend", "floor", 5);
    expect(w.checks.violations[0]?.detail).toBe(
      "hero365-prod-cpu-high-backend is OK since 11-27 00:10:00, yet backend floor 3 → 5",
    );
  });

  it("without a reconciler, a floor left raised two periods after its alarms are OK is flagged, not before", () => {
    const w = setup();
    w.alarm(CPU_HIGH, "ALARM", 0);
    w.floor("backend", 5);
    w.at(1);
    w.checks.instant();
    w.alarm(CPU_HIGH, "OK", 20);
    w.at(30);
    w.checks.instant();
    expect(w.invariants()).toEqual([]);
    w.at(31);
    w.checks.instant();
    expect(w.invariants()).toEqual(["floor returns to the tier minimum"]);
  });

  it("with a reconciler, a stale raised floor is flagged after two of its runs, however long they took", () => {
    const w = setup(true);
    w.alarm(CPU_HIGH, "OK", 0);
    w.at(1);
    w.floor("backend", 5);
    w.checks.instant();
    w.at(60);
    w.checks.reconciled();
    w.checks.instant();
    expect(w.invariants()).toEqual([]);
    w.at(65);
    w.checks.reconciled();
    w.checks.instant();
    expect(w.invariants()).toEqual(["floor returns to the tier minimum"]);
  });

  it("a page while the alarm is OK, and a re-page sooner than the interval, are flagged", () => {
    const w = setup();
    const key = `${ERROR_RATE}#2026-11-27T00:00:00.000Z`;
    w.alarm(ERROR_RATE, "ALARM", 0);
    w.checks.page(key);
    w.at(30);
    w.checks.page(key);
    expect(w.invariants()).toEqual([]);
    w.at(31);
    w.checks.page(key);
    w.alarm(ERROR_RATE, "OK", 32);
    w.at(33);
    w.checks.page(key);
    expect(w.invariants()).toEqual([
      "re-pages a re-page interval apart",
      "pages only while in ALARM",
      "re-pages a re-page interval apart",
    ]);
  });

  it("a re-fire's page (a new ALARM transition) is not a re-page: it neither breaks nor moves the cadence", () => {
    const w = setup();
    const key = `${ERROR_RATE}#2026-11-27T00:00:00.000Z`;
    w.alarm(ERROR_RATE, "ALARM", 0);
    w.checks.page(key, "transition");
    w.at(3);
    w.checks.page(key, "transition");
    w.at(30);
    w.checks.page(key, "re-page");
    expect(w.invariants()).toEqual([]);
    w.at(40);
    w.checks.page(key, "re-page");
    expect(w.invariants()).toEqual(["re-pages a re-page interval apart"]);
  });

  it("two scaling calls of one step on one service are flagged; one per service of a reconciler plan is not", () => {
    const w = setup();
    w.checks.scalingCalls(["reconcile#1"], ["backend", "frontend"]);
    expect(w.invariants()).toEqual([]);
    w.checks.scalingCalls(["scale#e#1"], ["backend"]);
    w.checks.scalingCalls(["scale#e#1"], ["backend"]);
    expect(w.checks.violations.map((v) => v.detail)).toEqual(["2 scaling calls for scale#e#1 on backend"]);
  });

  it("desired above the tier max is flagged at the instant it happens", () => {
    const w = setup();
    w.services.backend.desired = TIERS[config.tier].services.backend.maxCapacity + 1;
    w.checks.instant();
    expect(w.invariants()).toEqual(["desired ≤ tier max"]);
  });
});
