/**
 * The episode key (DESIGN.md §4.1): `<alarm name>#<its ALARM transition timestamp, as CloudWatch wrote it>`.
 * PagerDuty's dedup_key, the step keys, follow-ups and Slack buttons carry it; this module alone builds and
 * reads it.
 */
import { EpisodeKeyError } from "./errors.js";

export interface EpisodeKeyParts {
  alarmName: string;
  /** The ALARM transition that opened the episode, as CloudWatch wrote it. */
  openedAt: string;
}

/** @example episodeKey("hero365-prod-cpu-high-backend", "2026-11-27T03:15:21.310+0000") // "hero365-prod-cpu-high-backend#2026-11-27T03:15:21.310+0000" */
export function episodeKey(alarmName: string, openedAt: string): string {
  return `${alarmName}#${openedAt}`;
}

/**
 * The alarm and opening instant of `key`; undefined when it is no episode key (of `alarmName`, when given).
 * Without `alarmName` the key splits at its last `#`: a timestamp has none.
 * @example parseEpisodeKey("hero365-prod-cpu-high-backend#2026-11-27T03:15:21.310+0000")?.openedAt // "2026-11-27T03:15:21.310+0000"
 */
export function parseEpisodeKey(key: string, alarmName?: string): EpisodeKeyParts | undefined {
  const cut = alarmName === undefined ? key.lastIndexOf("#") : alarmName.length;
  if (cut <= 0 || key[cut] !== "#" || cut === key.length - 1) return undefined;
  const parts = { alarmName: key.slice(0, cut), openedAt: key.slice(cut + 1) };
  return alarmName === undefined || parts.alarmName === alarmName ? parts : undefined;
}

/**
 * The opening instant of an episode key that must belong to `alarmName` (a follow-up's, validated at the edge).
 * @example openedAtOf("hero365-prod-cpu-high-backend#2026-11-27T03:15:21.310+0000", "hero365-prod-cpu-high-backend") // "2026-11-27T03:15:21.310+0000"
 */
export function openedAtOf(key: string, alarmName: string): string {
  const parts = parseEpisodeKey(key, alarmName);
  if (!parts) throw new EpisodeKeyError(key, alarmName);
  return parts.openedAt;
}
