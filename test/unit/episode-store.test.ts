import { describe, expect, it } from "vitest";
import { memoryItemStore } from "../../core/adapters/local/memory-items.js";
import { episodeKey, openedAtOf, parseEpisodeKey } from "../../core/episodes/key.js";
import type { EpisodeRecord } from "../../core/episodes/scaling.js";
import {
  readEpisodes,
  readNotifications,
  readScaleOutEpisode,
  scaleOutEpisodeWrite,
  writeNotifications,
} from "../../core/episodes/store.js";
import { stateUpdater } from "../../core/kernel/state-writer.js";
import { rememberNotice } from "../../core/notifications/remember.js";

const ALARM = "hero365-prod-cpu-high-backend";
const OPENED_AT = "2026-11-27T03:15:21.310+0000";
const KEY = `${ALARM}#${OPENED_AT}`;
const NOW = new Date("2026-11-27T03:15:30.000Z");
const scaling: EpisodeRecord = {
  episodeKey: KEY,
  alarmName: ALARM,
  row: "cpu-high",
  service: "backend",
  status: "open",
  openedAt: OPENED_AT,
  floorBefore: 3,
  actions: [{ at: "2026-11-27T03:15:22.000Z", row: "cpu-high", episodeKey: KEY, from: 3, to: 4, via: "floor" }],
  notifiedHolds: [],
  escalated: false,
};
const memo = { alarmName: ALARM, openedAt: OPENED_AT, at: OPENED_AT, flaps: 0 };
const MESSAGE = { channel: "C0HERO365", ts: "1795749322.000100" };

describe("the episode key", () => {
  it("is built and read by one pair of functions", () => {
    expect(episodeKey(ALARM, OPENED_AT)).toBe(KEY);
    expect(parseEpisodeKey(KEY)).toEqual({ alarmName: ALARM, openedAt: OPENED_AT });
    expect(parseEpisodeKey(KEY, ALARM)).toEqual({ alarmName: ALARM, openedAt: OPENED_AT });
    expect(openedAtOf(KEY, ALARM)).toBe(OPENED_AT);
  });

  it("is refused when it belongs to another alarm or has no instant", () => {
    expect(parseEpisodeKey(KEY, "hero365-prod-memory-high-backend")).toBeUndefined();
    expect(parseEpisodeKey(`${ALARM}#`)).toBeUndefined();
    expect(parseEpisodeKey("no-instant")).toBeUndefined();
    expect(() => openedAtOf("other#1", ALARM)).toThrow(/not an episode key of hero365-prod-cpu-high-backend/);
  });
});

describe("one record per episode", () => {
  it("keeps the Slack message when the scale-out part is written after it, and the scale-out part when a notice is", async () => {
    const store = memoryItemStore();
    await rememberNotice(store, memo, NOW, MESSAGE);
    await stateUpdater(store)(scaleOutEpisodeWrite(scaling, NOW));
    await rememberNotice(store, { ...memo, at: "2026-11-27T03:20:31.000Z" }, NOW);

    expect(store.items()).toHaveLength(1);
    expect(await readScaleOutEpisode(store, KEY)).toEqual(scaling);
    const [stored] = await readEpisodes(store, ALARM);
    expect(stored).toMatchObject({ slack: MESSAGE, version: 2 });
    expect(stored?.notified).toEqual([OPENED_AT, "2026-11-27T03:20:31.000Z"]);
  });

  it("leaves out of the notification state an episode that only scaled (nothing was told yet)", async () => {
    const store = memoryItemStore();
    await stateUpdater(store)(scaleOutEpisodeWrite(scaling, NOW));
    expect(await readEpisodes(store, ALARM)).toEqual([]);
    expect(await readNotifications(store, ALARM, OPENED_AT)).toBeUndefined();
  });

  it("refuses a notification write whose version another writer moved on", async () => {
    const store = memoryItemStore();
    await rememberNotice(store, memo, NOW, MESSAGE);
    const read = await readNotifications(store, ALARM, OPENED_AT);
    await rememberNotice(store, { ...memo, at: "2026-11-27T03:20:31.000Z" }, NOW);
    const { version: _v, ...state } = read!;
    expect(await writeNotifications(store, state, read!.version, NOW)).toBe(false);
    expect(await writeNotifications(store, state, 0, NOW)).toBe(false);
  });
});

describe("episodes stored by the previous release", () => {
  const legacy = [
    { pk: `EPISODE#${KEY}`, sk: "EPISODE", ...scaling },
    {
      pk: `NOTIFY#${ALARM}`,
      sk: "EPISODE#2026-11-27T03:15:21.310Z",
      alarmName: ALARM,
      openedAt: OPENED_AT,
      slack: MESSAGE,
      actions: [],
      paged: true,
      flaps: 0,
      notified: [OPENED_AT],
      updatedAt: "2026-11-27T03:15:23.000Z",
      version: 3,
    },
  ];

  it("are read while the record has no such part", async () => {
    const store = memoryItemStore(legacy);
    expect(await readScaleOutEpisode(store, KEY)).toEqual(scaling);
    expect(await readEpisodes(store, ALARM)).toEqual([expect.objectContaining({ slack: MESSAGE, paged: true })]);
  });

  it("are continued on the record: the next notice keeps their message and page, and supersedes them", async () => {
    const store = memoryItemStore(legacy);
    await rememberNotice(
      store,
      { ...memo, at: "2026-11-27T03:40:21.627+0000", resolvedAt: "2026-11-27T03:40:21.627+0000" },
      NOW,
    );
    await stateUpdater(store)(scaleOutEpisodeWrite({ ...scaling, status: "closed", closedAt: NOW.toISOString() }, NOW));

    const episodes = await readEpisodes(store, ALARM);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({ slack: MESSAGE, paged: true, resolvedAt: "2026-11-27T03:40:21.627+0000" });
    expect(await readScaleOutEpisode(store, KEY)).toMatchObject({ status: "closed" });
  });
});
