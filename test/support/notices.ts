/** Notices and episode states for the notification tests, built the way reactions build them. */
import { alarmName } from "../../core/alarms/name.js";
import { episodeKey } from "../../core/episodes/key.js";
import { channelsOf, type EpisodeNotifications, type EpisodePhase } from "../../core/episodes/notifications.js";
import { alarmLinks } from "../../core/notifications/alarm-notice.js";
import type { SlackBlock } from "../../core/notifications/block-kit.js";
import type { Notice } from "../../core/notifications/notice.js";
import { testConfig } from "./config.js";

export const config = testConfig("prod");
export const CPU_ALARM = alarmName("prod", "cpu-high", "backend");
export const OPENED_AT = "2026-11-27T09:14:03.118+0000";

export function episode(
  overrides: Partial<EpisodeNotifications> & { phase?: EpisodePhase } = {},
): EpisodeNotifications {
  return {
    alarmName: CPU_ALARM,
    openedAt: OPENED_AT,
    key: episodeKey(CPU_ALARM, OPENED_AT),
    phase: "new",
    at: OPENED_AT,
    actions: [],
    paged: false,
    flaps: 0,
    channels: channelsOf(config),
    ...overrides,
  };
}

/** What the scale-out reaction tells on a step: the service, from → to, the cost delta, both consoles. */
export function scaleOutNotice(overrides: Partial<Notice> = {}): Notice {
  return {
    episodeKey: episodeKey(CPU_ALARM, OPENED_AT),
    kind: "step",
    severity: "warning",
    stage: "prod",
    row: "cpu-high",
    target: "backend",
    state: "ALARM",
    title: "CPU above 70 %",
    summary: "CPU above 70 % on backend for 5 minutes (84.2 %): raised the capacity floor.",
    fields: [
      { label: "Service", value: "backend (hero365-backend)" },
      { label: "Metric", value: "AWS/ECS CPUUtilization (Average)" },
      { label: "Value vs threshold", value: "84.2 % > 70 %" },
      { label: "Window", value: "5 × 1 min" },
    ],
    action: "backend floor 4 → 6",
    costDelta: "+$59.10/month (2 × 1 vCPU, 2 GB Fargate tasks)",
    links: alarmLinks(CPU_ALARM, "backend", config),
    at: "2026-11-27T09:14:05.000Z",
    ...overrides,
  };
}

/** Every text of a message's blocks, and every button's URL (or action id), as one list of strings. */
export function blockTexts(blocks: SlackBlock[]): string[] {
  return blocks.flatMap((block): string[] => {
    switch (block.type) {
      case "header":
        return [block.text.text];
      case "section":
        return [...(block.text ? [block.text.text] : []), ...(block.fields ?? []).map((f) => f.text)];
      case "actions":
        return block.elements.flatMap((b) => [b.text.text, b.url ?? b.action_id]);
      case "context":
        return block.elements.map((e) => e.text);
      default:
        return [];
    }
  });
}
