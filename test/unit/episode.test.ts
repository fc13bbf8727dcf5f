import { describe, expect, it, vi } from "vitest";
import { memoryItemStore } from "../../core/adapters/local/memory-items.js";
import { type AlarmTrigger, triggerFromEvent } from "../../core/alarms/event.js";
import { episodeForFollowUp, episodeForTransition } from "../../core/episodes/notifications.js";
import { readEpisodes } from "../../core/episodes/store.js";
import { SlackApiError } from "../../core/kernel/adapter-errors.js";
import type { ItemStore } from "../../core/kernel/ports.js";
import type { EpisodeMemo } from "../../core/notifications/effects.js";
import { rememberingExecutors, rememberNotice } from "../../core/notifications/remember.js";
import { type AlarmStateChangeEvent, AlarmStateChangeEventSchema } from "../../events/index.js";
import { testConfig } from "../support/config.js";
import { fixture } from "../support/fixtures.js";

const config = testConfig("prod");
const ALARM_NAME = "hero365-prod-error-rate-high-backend";
const OPENED = "2026-11-27T14:21:09.845+0000";
const RESOLVED = "2026-11-27T14:46:10.233+0000";
const MESSAGE = { channel: "C0HERO365", ts: "1795789270.000200" };
const NOW = new Date("2026-11-27T14:21:10Z");

const alarmAt = (timestamp: string, previous?: { value: "OK" | "ALARM" | "INSUFFICIENT_DATA"; timestamp: string }) => {
  const event = fixture<AlarmStateChangeEvent>("cloudwatch/error-rate-high.alarm");
  event.detail.state.timestamp = timestamp;
  if (previous) event.detail.previousState = { ...event.detail.previousState!, ...previous };
  return triggerFromEvent(AlarmStateChangeEventSchema.parse(event));
};
const okAt = (timestamp: string, openedAt = OPENED) => {
  const event = fixture<AlarmStateChangeEvent>("cloudwatch/error-rate-high.ok");
  event.detail.state.timestamp = timestamp;
  event.detail.previousState!.timestamp = openedAt;
  return triggerFromEvent(AlarmStateChangeEventSchema.parse(event));
};
const memo = (overrides: Partial<EpisodeMemo> = {}): EpisodeMemo => ({
  alarmName: ALARM_NAME,
  openedAt: OPENED,
  at: OPENED,
  flaps: 0,
  ...overrides,
});
const phaseOf = async (store: ItemStore, trigger: AlarmTrigger) =>
  (await episodeForTransition(store, config, trigger)).phase;

describe("the episode a transition belongs to", () => {
  it("is new on the first ALARM, keyed by the alarm and its ALARM timestamp", async () => {
    const episode = await episodeForTransition(memoryItemStore(), config, alarmAt(OPENED));
    expect(episode).toMatchObject({ phase: "new", key: `${ALARM_NAME}#${OPENED}`, actions: [], flaps: 0 });
    expect(episode.slack).toBeUndefined();
  });

  it("knows a transition it already notified (a retry), and the message it sent", async () => {
    const store = memoryItemStore();
    await rememberNotice(store, memo(), NOW, MESSAGE);
    const episode = await episodeForTransition(store, config, alarmAt(OPENED));
    expect(episode).toMatchObject({ phase: "repeat", slack: MESSAGE });
  });

  it("resolves the open episode on OK, then treats that OK again as a repeat", async () => {
    const store = memoryItemStore();
    await rememberNotice(store, memo({ paged: true }), NOW, MESSAGE);
    expect(await episodeForTransition(store, config, okAt(RESOLVED))).toMatchObject({
      phase: "open",
      key: `${ALARM_NAME}#${OPENED}`,
      slack: MESSAGE,
      paged: true,
    });
    await rememberNotice(store, memo({ at: RESOLVED, resolvedAt: RESOLVED }), NOW);
    expect(await phaseOf(store, okAt(RESOLVED))).toBe("repeat");
    expect(await phaseOf(store, okAt("2026-11-27T15:00:00.000+0000"))).toBe("resolved");
  });

  it("calls an ALARM of an episode that already resolved late", async () => {
    const store = memoryItemStore();
    await rememberNotice(store, memo({ at: RESOLVED, resolvedAt: RESOLVED }), NOW, MESSAGE);
    expect(await phaseOf(store, alarmAt(OPENED))).toBe("resolved");
  });

  it("calls an ALARM older than the newest episode stale", async () => {
    const store = memoryItemStore();
    await rememberNotice(store, memo({ openedAt: "2026-11-27T15:00:00.000+0000" }), NOW, MESSAGE);
    expect(await phaseOf(store, alarmAt(OPENED))).toBe("stale");
  });

  it("continues an episode that re-fires without an OK in between (ALARM → INSUFFICIENT_DATA → ALARM)", async () => {
    const store = memoryItemStore();
    await rememberNotice(store, memo(), NOW, MESSAGE);
    const again = alarmAt("2026-11-27T14:30:00.000+0000", { value: "INSUFFICIENT_DATA", timestamp: OPENED });
    expect(await episodeForTransition(store, config, again)).toMatchObject({
      phase: "open",
      key: `${ALARM_NAME}#${OPENED}`,
      slack: MESSAGE,
    });
  });

  it("continues the last thread when the alarm fires again within the flapping window", async () => {
    const store = memoryItemStore();
    await rememberNotice(store, memo({ at: RESOLVED, resolvedAt: RESOLVED }), NOW, MESSAGE);
    const refire = "2026-11-27T14:55:10.233+0000"; // 9 min after resolving; the window is 15 min
    expect(
      await episodeForTransition(store, config, alarmAt(refire, { value: "OK", timestamp: RESOLVED })),
    ).toMatchObject({
      phase: "flapping",
      key: `${ALARM_NAME}#${refire}`,
      slack: MESSAGE,
      flaps: 1,
      previousResolvedAt: RESOLVED,
    });
  });

  it("opens a new message when the alarm fires again after the flapping window", async () => {
    const store = memoryItemStore();
    await rememberNotice(store, memo({ at: RESOLVED, resolvedAt: RESOLVED }), NOW, MESSAGE);
    const later = alarmAt("2026-11-27T15:01:11.000+0000", { value: "OK", timestamp: RESOLVED });
    const episode = await episodeForTransition(store, config, later);
    expect(episode).toMatchObject({ phase: "new", flaps: 0 });
    expect(episode.slack).toBeUndefined();
  });

  it("follows up on an open episode and stops once it resolved", async () => {
    const store = memoryItemStore();
    await rememberNotice(store, memo(), NOW, MESSAGE);
    const followUp = { alarmName: ALARM_NAME, openedAt: OPENED, at: "2026-11-27T14:51:09.845Z" };
    expect((await episodeForFollowUp(store, config, followUp)).phase).toBe("open");
    await rememberNotice(store, memo({ at: RESOLVED, resolvedAt: RESOLVED }), NOW);
    expect((await episodeForFollowUp(store, config, followUp)).phase).toBe("resolved");
  });
});

describe("remembering sent messages on the episode", () => {
  it("keeps the message, each action once, whether it paged, and a TTL", async () => {
    const store = memoryItemStore();
    await rememberNotice(store, memo({ action: "floor 4 → 6", paged: true }), NOW, MESSAGE);
    await rememberNotice(store, memo({ action: "floor 4 → 6" }), NOW);
    await rememberNotice(store, memo({ at: "2026-11-27T14:26:00Z", action: "floor 6 → 9" }), NOW);
    const [stored] = await readEpisodes(store, ALARM_NAME);
    expect(stored).toMatchObject({ slack: MESSAGE, paged: true, version: 3 });
    expect(stored?.actions.map((a) => a.text)).toEqual(["floor 4 → 6", "floor 6 → 9"]);
    expect(store.items()[0]?.expiresAt).toBeGreaterThan(NOW.getTime() / 1000 + 29 * 86_400);
  });

  it("records the ts Slack returned for a new message, and nothing for a thread reply", async () => {
    const store = memoryItemStore();
    const post = vi.fn(async () => MESSAGE);
    const { "slack.chat.postMessage": remembering } = rememberingExecutors(
      { "slack.chat.postMessage": post },
      store,
      () => NOW,
    );
    await remembering!({
      type: "slack.chat.postMessage",
      channel: "C0HERO365",
      text: "t",
      blocks: [],
      threadTs: "1.2",
    });
    expect(store.items()).toEqual([]);
    await remembering!({
      type: "slack.chat.postMessage",
      channel: "#hero365-alerts",
      text: "t",
      blocks: [],
      episode: memo(),
    });
    expect((await readEpisodes(store, ALARM_NAME))[0]?.slack).toEqual(MESSAGE);
  });

  it("posts the status card again when someone deleted the episode's message", async () => {
    const store = memoryItemStore();
    const fresh = { channel: "C0HERO365", ts: "1795789999.000300" };
    const executors = rememberingExecutors(
      {
        "slack.chat.update": vi.fn(async () => Promise.reject(new SlackApiError("chat.update", "message_not_found"))),
        "slack.chat.postMessage": vi.fn(async () => fresh),
      },
      store,
      () => NOW,
    );
    await executors["slack.chat.update"]!({
      type: "slack.chat.update",
      ...MESSAGE,
      text: "t",
      blocks: [],
      episode: memo(),
    });
    expect((await readEpisodes(store, ALARM_NAME))[0]?.slack).toEqual(fresh);
  });

  it("lets any other Slack failure through, remembering nothing", async () => {
    const store = memoryItemStore();
    const executors = rememberingExecutors(
      { "slack.chat.update": vi.fn(async () => Promise.reject(new SlackApiError("chat.update", "invalid_auth"))) },
      store,
      () => NOW,
    );
    await expect(
      executors["slack.chat.update"]!({
        type: "slack.chat.update",
        ...MESSAGE,
        text: "t",
        blocks: [],
        episode: memo(),
      }),
    ).rejects.toThrow(/invalid_auth/);
    expect(store.items()).toEqual([]);
  });
});
