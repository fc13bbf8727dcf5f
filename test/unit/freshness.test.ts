import { describe, expect, it } from "vitest";
import { memoryItemStore } from "../../core/adapters/local/memory-items.js";
import { triggerFromEvent } from "../../core/alarms/event.js";
import {
  CLOSING_MARK_TTL_SECONDS,
  closingMarkItem,
  guardFreshness,
  judgeFreshness,
  newerEpisodeSince,
  readClosingMark,
  readFreshness,
} from "../../core/alarms/freshness.js";
import { act, skip } from "../../core/kernel/plan.js";
import { AlarmStateChangeEventSchema } from "../../events/index.js";
import { fixture } from "../support/fixtures.js";

const ALARM = "hero365-prod-cpu-high-backend";
const AT = "2026-11-27T03:15:21.310+0000";
const NOW = new Date("2026-11-27T03:35:21.310Z");
const alarm = { value: "ALARM" as const, timestamp: AT };
const sample = (name: string) => triggerFromEvent(AlarmStateChangeEventSchema.parse(fixture(`cloudwatch/${name}`)));

describe("judging an ALARM event against the alarm now", () => {
  it("acts on a late ALARM whose alarm is still in ALARM since the same transition", () => {
    const verdict = judgeFreshness({ alarmName: ALARM, state: alarm, current: alarm, now: NOW });
    expect(verdict).toEqual({ fresh: true, ageMs: 20 * 60_000 });
  });

  it("accepts the same transition read back with another precision (DescribeAlarms vs the event)", () => {
    const current = { value: "ALARM" as const, timestamp: "2026-11-27T03:15:21.000Z" };
    expect(judgeFreshness({ alarmName: ALARM, state: alarm, current, now: NOW }).fresh).toBe(true);
  });

  it("calls an ALARM stale when its alarm is OK now, naming the event time, its age and the state now", () => {
    const current = { value: "OK" as const, timestamp: "2026-11-27T03:27:04.118Z" };
    const verdict = judgeFreshness({ alarmName: ALARM, state: alarm, current, now: NOW });
    expect(verdict).toMatchObject({ fresh: false, code: "stale-event" });
    if (verdict.fresh) throw new Error("expected a stale verdict");
    expect(verdict.reason).toContain(AT);
    expect(verdict.reason).toContain("20 min old");
    expect(verdict.reason).toContain("is OK now (since 2026-11-27T03:27:04.118Z)");
  });

  it("calls an ALARM stale when its alarm is INSUFFICIENT_DATA now", () => {
    const current = { value: "INSUFFICIENT_DATA" as const, timestamp: "2026-11-27T03:30:00.000Z" };
    expect(judgeFreshness({ alarmName: ALARM, state: alarm, current, now: NOW })).toMatchObject({
      fresh: false,
      code: "stale-event",
    });
  });

  it("calls an ALARM stale when its alarm is in ALARM since a later transition (a newer episode)", () => {
    const current = { value: "ALARM" as const, timestamp: "2026-11-27T03:31:00.000Z" };
    const verdict = judgeFreshness({ alarmName: ALARM, state: alarm, current, now: NOW });
    expect(verdict).toMatchObject({ fresh: false, code: "stale-event" });
    expect(verdict.fresh ? "" : verdict.reason).toContain("a newer episode");
  });

  it("calls an ALARM stale when its OK arrived first, even if the alarm reads ALARM since that transition", () => {
    const mark = { alarmName: ALARM, openedAt: AT, closedAt: "2026-11-27T03:25:00.000+0000" };
    const verdict = judgeFreshness({ alarmName: ALARM, state: alarm, current: alarm, mark, now: NOW });
    expect(verdict).toMatchObject({ fresh: false, code: "stale-event" });
    expect(verdict.fresh ? "" : verdict.reason).toContain("its OK arrived first");
  });

  it("skips an ALARM of an alarm that no longer exists", () => {
    expect(judgeFreshness({ alarmName: ALARM, state: alarm, current: undefined, now: NOW })).toMatchObject({
      fresh: false,
      code: "alarm-gone",
    });
  });

  it("never judges an OK stale: a late OK still closes its own episode", () => {
    const ok = { value: "OK" as const, timestamp: "2026-11-27T03:25:00.000+0000" };
    const current = { value: "ALARM" as const, timestamp: "2026-11-27T03:31:00.000Z" };
    expect(judgeFreshness({ alarmName: ALARM, state: ok, current, now: NOW }).fresh).toBe(true);
  });
});

describe("a late OK and a newer episode", () => {
  it("names the newer ALARM transition when the alarm fires again since after the OK's episode", () => {
    const current = { value: "ALARM" as const, timestamp: "2026-11-27T03:31:00.000Z" };
    expect(newerEpisodeSince(current, "2026-11-27T03:25:00.000+0000")).toBe("2026-11-27T03:31:00.000Z");
    expect(newerEpisodeSince({ value: "OK", timestamp: "2026-11-27T03:31:00.000Z" }, AT)).toBeUndefined();
    expect(newerEpisodeSince(undefined, AT)).toBeUndefined();
  });
});

describe("the plan a stale event gets", () => {
  const stale = { fresh: false as const, code: "stale-event" as const, reason: "late", ageMs: 1 };

  it("replaces an acting plan by a skip with the verdict's code and reason", () => {
    const plan = act("scale out", [], "scale#k#1");
    expect(guardFreshness(plan, stale)).toEqual({ outcome: "skip", code: "stale-event", reason: "late", effects: [] });
  });

  it("keeps a decision's own skip, and any plan of a fresh event", () => {
    const own = skip("unknown-alarm", "not ours");
    expect(guardFreshness(own, stale)).toBe(own);
    const plan = act("scale out", [], "scale#k#1");
    expect(guardFreshness(plan, { fresh: true, ageMs: 0 })).toBe(plan);
  });
});

describe("reading freshness through the ports", () => {
  it("reads the alarm and the closing mark for an ALARM event, and finds a mark its OK left", async () => {
    const store = memoryItemStore();
    await store.put(closingMarkItem({ alarmName: ALARM, openedAt: AT, closedAt: "2026-11-27T03:25:00.000+0000" }, NOW));
    const reads: string[] = [];
    const verdict = await readFreshness(sample("cpu-high.alarm"), {
      alarms: {
        read: async (name) => {
          reads.push(name);
          return { value: "ALARM", reason: "r", timestamp: AT };
        },
      },
      store,
      now: () => NOW,
    });
    expect(reads).toEqual([ALARM]);
    expect(verdict).toMatchObject({ fresh: false, code: "stale-event" });
  });

  it("throws when the alarm cannot be read: the retry keeps the event", async () => {
    const throttled = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    await expect(
      readFreshness(sample("cpu-high.alarm"), {
        alarms: { read: async () => Promise.reject(throttled) },
        store: memoryItemStore(),
        now: () => NOW,
      }),
    ).rejects.toThrow("Rate exceeded");
  });

  it("reads nothing for an OK event", async () => {
    const verdict = await readFreshness(sample("cpu-high.ok"), {
      alarms: { read: async () => Promise.reject(new Error("must not read")) },
      store: memoryItemStore(),
      now: () => NOW,
    });
    expect(verdict.fresh).toBe(true);
  });
});

describe("closing marks", () => {
  it("are keyed by the episode, whatever offset format CloudWatch wrote, and live 14 days", async () => {
    const store = memoryItemStore();
    const item = closingMarkItem({ alarmName: ALARM, openedAt: AT, closedAt: "x" }, NOW);
    expect(item.expiresAt).toBe(Math.floor(NOW.getTime() / 1000) + CLOSING_MARK_TTL_SECONDS);
    expect(CLOSING_MARK_TTL_SECONDS).toBe(14 * 86_400);
    await store.put(item);
    // A duplicate OK writes the same key again.
    await store.put(closingMarkItem({ alarmName: ALARM, openedAt: "2026-11-27T03:15:21.310Z", closedAt: "x" }, NOW));
    expect(store.items()).toHaveLength(1);
    expect(await readClosingMark(store, ALARM, AT)).toMatchObject({ alarmName: ALARM, closedAt: "x" });
  });
});
