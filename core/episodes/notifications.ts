/**
 * The notification state of an episode (DESIGN.md §4.1): the Slack message it edits, whether it paged, the
 * actions it took, when it resolved. Read before a decision (so `planNotice` knows whether to post, edit or
 * stay silent) and written after a Slack message is sent (see `rememberingExecutors`).
 *
 * Kept on the episode's record in the state table, read through core/episodes/store.ts.
 */
import type { AlarmTrigger } from "../alarms/event.js";
import type { StageConfig } from "../config/index.js";
import type { ItemStore } from "../kernel/ports.js";
import type { SlackMessageRef } from "../notifications/effects.js";
import { episodeKey, openedAtOf } from "./key.js";
import { readEpisodes, readNotifications, type StoredEpisode } from "./store.js";

/**
 * Where a notice stands in its episode:
 * - `new`: nothing sent yet for this episode;
 * - `flapping`: a new episode of an alarm that resolved moments ago: it continues the old thread;
 * - `open`: the episode has been notified; this is a later step, a re-fire or the resolve;
 * - `repeat`: this very transition was already notified (a retry after a partial failure);
 * - `resolved`: the episode is over; an ALARM of it arriving now is late;
 * - `stale`: a newer episode exists: this transition is out of date.
 */
export type EpisodePhase = "new" | "flapping" | "open" | "repeat" | "resolved" | "stale";

export interface NotificationChannels {
  slack: {
    mode: "bot" | "webhook";
    channel: string;
    /** The stage whose Pause/Resume buttons the messages carry: someone may press them (docs/slack-actions.md). */
    automationButtons?: string;
    /** The stage whose Acknowledge button a paged episode's message carries. */
    acknowledgeButton?: string;
    /** The stage whose Approve upgrade button a plan-upgrade ticket's message carries. */
    approveButton?: string;
    /** The stage whose Scale back now button a scale-out episode's message carries. */
    scaleBackButton?: string;
  };
  pagerduty: boolean;
}

export interface EpisodeNotifications {
  alarmName: string;
  /** The ALARM transition that opened the episode, as CloudWatch wrote it. */
  openedAt: string;
  /** The episode key: `<alarm name>#<opened at>`; PagerDuty's dedup_key. */
  key: string;
  phase: EpisodePhase;
  /** The instant the notice is about (the transition's timestamp, or a follow-up's time). */
  at: string;
  slack?: SlackMessageRef;
  actions: { at: string; text: string }[];
  paged: boolean;
  flaps: number;
  /** When the episode this one continues (flapping) resolved. */
  previousResolvedAt?: string;
  resolvedAt?: string;
  channels: NotificationChannels;
}

/** An ALARM that re-fires without an OK in between (ALARM → INSUFFICIENT_DATA → ALARM) continues its episode,
 * unless the episode went quiet for this long: then its OK was lost and a new episode starts. */
const CONTINUATION_MS = 24 * 3_600_000;

export function channelsOf(config: StageConfig): NotificationChannels {
  return {
    slack: {
      mode: config.notifications.slackMode,
      channel: config.notifications.slackChannel,
      // A named stage's own alarms (alarmStage is the stage itself); a personal stage's messages get none.
      ...(config.role.kind === "named" &&
        (config.slackActions.allow.pause.length > 0 || config.slackActions.allow.resume.length > 0) && {
          automationButtons: config.alarmStage,
        }),
      ...(config.role.kind === "named" &&
        config.notifications.pagerduty &&
        config.slackActions.allow.acknowledge.length > 0 && { acknowledgeButton: config.alarmStage }),
      ...(config.role.kind === "named" &&
        config.tickets.sink === "github" &&
        config.slackActions.allow.approve.length > 0 && { approveButton: config.alarmStage }),
      ...(config.role.kind === "named" &&
        config.slackActions.allow.scaleBack.length > 0 && { scaleBackButton: config.alarmStage }),
    },
    pagerduty: config.notifications.pagerduty,
  };
}

export interface TransitionOptions {
  /**
   * Whether an ALARM that re-fires without an OK in between continues the open episode (true, the default:
   * one page, one message). A reaction whose own episodes start at every ALARM transition (scale-out, whose
   * steps are keyed by it) passes false, and its re-fire opens a new message.
   */
  continueOpenEpisode?: boolean;
}

/**
 * What a reaction reads before notifying: the notification state of the episode its trigger (an alarm
 * transition, or a follow-up of an episode) belongs to.
 * @example (await episodeForTrigger(store, config, triggerFromEvent(event), now)).phase // "new"
 */
export async function episodeForTrigger(
  store: ItemStore,
  config: StageConfig,
  trigger: Pick<AlarmTrigger, "alarmName" | "state" | "previousState" | "followUp">,
  options: TransitionOptions = {},
): Promise<EpisodeNotifications> {
  const { followUp } = trigger;
  if (!followUp) return episodeForTransition(store, config, trigger, options);
  // The follow-up's due time is the notice's instant: a redelivered follow-up is recognised as a repeat.
  const openedAt = openedAtOf(followUp.episodeKey, followUp.alarmName);
  return episodeForFollowUp(store, config, { alarmName: followUp.alarmName, openedAt, at: followUp.dueAt });
}

/**
 * The notification state a transition of an alarm belongs to.
 * @example (await episodeForTransition(store, config, triggerFromEvent(alarmEvent))).phase // "new"
 */
export async function episodeForTransition(
  store: ItemStore,
  config: StageConfig,
  transition: Pick<AlarmTrigger, "alarmName" | "state" | "previousState">,
  options: TransitionOptions = {},
): Promise<EpisodeNotifications> {
  const { alarmName, state, previousState } = transition;
  const channels = channelsOf(config);
  const at = state.timestamp;
  const fresh = (openedAt: string, phase: EpisodePhase) => newEpisode({ alarmName, openedAt, at, phase, channels });
  if (state.value === "INSUFFICIENT_DATA") return fresh(at, "new");

  const episodes = await readEpisodes(store, alarmName);
  const continues = options.continueOpenEpisode ?? true;
  if (state.value === "ALARM") {
    const own = episodes.find((e) => sameInstant(e.openedAt, at));
    if (own) return view(own, own.resolvedAt ? "resolved" : sent(own, at) ? "repeat" : "open", at, channels);
    if (episodes.some((e) => ms(e.openedAt) > ms(at))) return fresh(at, "stale");
    const previous = episodes.at(-1);
    if (continues && previous && !previous.resolvedAt && ms(at) - ms(previous.updatedAt) <= CONTINUATION_MS) {
      return view(previous, sent(previous, at) ? "repeat" : "open", at, channels);
    }
    const windowMs = config.notifications.flappingWindowMinutes * 60_000;
    if (previous?.resolvedAt && previous.slack && ms(at) - ms(previous.resolvedAt) <= windowMs) {
      return {
        ...fresh(at, "flapping"),
        slack: previous.slack,
        flaps: previous.flaps + 1,
        previousResolvedAt: previous.resolvedAt,
      };
    }
    return fresh(at, "new");
  }

  const openedAt = previousState?.value === "ALARM" ? previousState.timestamp : undefined;
  const exact = openedAt ? episodes.find((e) => sameInstant(e.openedAt, openedAt)) : undefined;
  // An OK ends the open episode its ALARM continued (ALARM → INSUFFICIENT_DATA → ALARM → OK), or the one
  // before an INSUFFICIENT_DATA (ALARM → INSUFFICIENT_DATA → OK).
  const latestOpen = () => episodes.findLast((e) => !e.resolvedAt && ms(e.openedAt) <= ms(at));
  const own = exact ?? (continues || !openedAt ? latestOpen() : undefined);
  if (!own) return fresh(openedAt ?? at, "new");
  if (!own.resolvedAt) return view(own, "open", at, channels);
  return view(own, sameInstant(own.resolvedAt, at) ? "repeat" : "resolved", at, channels);
}

/**
 * The notification state of an episode a follow-up (a delayed re-check while the alarm stays in ALARM) is
 * about: `open` while it lasts, `resolved` once its OK was notified.
 */
export async function episodeForFollowUp(
  store: ItemStore,
  config: StageConfig,
  episode: { alarmName: string; openedAt: string; at: string },
): Promise<EpisodeNotifications> {
  const stored: Omit<StoredEpisode, "updatedAt" | "version"> = (await readNotifications(
    store,
    episode.alarmName,
    episode.openedAt,
  )) ?? { alarmName: episode.alarmName, openedAt: episode.openedAt, actions: [], paged: false, flaps: 0, notified: [] };
  const phase = stored.resolvedAt ? "resolved" : sent(stored, episode.at) ? "repeat" : "open";
  return view(stored, phase, episode.at, channelsOf(config));
}

/** The state of an episode nothing was sent for yet. */
export function newEpisode(parts: {
  alarmName: string;
  openedAt: string;
  at: string;
  channels: NotificationChannels;
  phase?: EpisodePhase;
}): EpisodeNotifications {
  const stored = {
    alarmName: parts.alarmName,
    openedAt: parts.openedAt,
    actions: [],
    paged: false,
    flaps: 0,
    notified: [],
  };
  return view(stored, parts.phase ?? "new", parts.at, parts.channels);
}

/** Why a decision should stay silent about this episode, or undefined when it may notify. */
export function closedBecause(episode: EpisodeNotifications): string | undefined {
  if (episode.phase === "resolved") return `episode ${episode.key} already resolved at ${episode.resolvedAt}`;
  if (episode.phase === "stale") return `a newer episode of ${episode.alarmName} exists than the one at ${episode.at}`;
  return undefined;
}

function view(
  stored: Omit<StoredEpisode, "updatedAt" | "version">,
  phase: EpisodePhase,
  at: string,
  channels: NotificationChannels,
): EpisodeNotifications {
  return {
    alarmName: stored.alarmName,
    openedAt: stored.openedAt,
    key: episodeKey(stored.alarmName, stored.openedAt),
    phase,
    at,
    ...(stored.slack && { slack: stored.slack }),
    actions: stored.actions,
    paged: stored.paged,
    flaps: stored.flaps,
    ...(stored.resolvedAt && { resolvedAt: stored.resolvedAt }),
    channels,
  };
}

function ms(timestamp: string): number {
  return Date.parse(timestamp);
}

function sent(episode: Pick<StoredEpisode, "notified">, at: string): boolean {
  return episode.notified.some((instant) => sameInstant(instant, at));
}

function sameInstant(a: string, b: string): boolean {
  return ms(a) === ms(b);
}
