/**
 * What the reconciler compares, read through the ports without a table Scan: the stage's alarms in one
 * DescribeAlarms call; each service's floor record (`FLOOR#<stage>#<service>`); each reconciled alarm's
 * episode records (`EPISODE#<alarm>`, a partition the alarm name gives); for the open ones, their scale-out
 * part and the last step its follow-up chain took (`STEP#scale#<episode>#<n>`).
 */
import { alarmName } from "../alarms/name.js";
import type { StageConfig } from "../config/index.js";
import { type EpisodeNotifications, episodeForFollowUp } from "../episodes/notifications.js";
import { type EpisodeRecord, type FloorRecord, readFloor } from "../episodes/scaling.js";
import { readEpisodes, readScaleOutEpisode } from "../episodes/store.js";
import { InvalidEventError } from "../kernel/errors.js";
import type { ItemStore } from "../kernel/ports.js";
import { type AlarmTarget, type MatrixRow, ROWS, targetsOf } from "../matrix/rows.js";
import { SERVICES, type Service } from "../matrix/tiers.js";
import { MAX_STEPS } from "../scaling/decide.js";
import type { KillSwitchState } from "../scaling/kill-switch.js";
import {
  type AlarmStateReader,
  type CurrentAlarmState,
  type KillSwitch,
  readAlarms,
  type ServiceState,
  type ServiceStateReader,
} from "../scaling/service-state.js";
import { periodStart, RECONCILED_ACTIONS } from "./spec.js";

export interface OpenEpisode {
  alarmName: string;
  row: MatrixRow;
  target: AlarmTarget;
  /** The episode's notification state as a resolve notice now would see it (phase `open`). */
  notifications: EpisodeNotifications;
  /** When the episode last notified (a page, a re-page, a step). */
  lastNoticeAt: string;
  /** The newest open episode of its alarm (an older one was left behind by a lost OK). */
  latest: boolean;
  /** The scale-out episode of the same key (scale-out rows). */
  scale?: EpisodeRecord;
  /** The last step the scale-out follow-up chain completed, and when. */
  lastStep?: { step: number; at: string };
}

export interface RaisedFloor {
  record: FloorRecord;
  state: ServiceState;
}

export interface ReconcileInput {
  stage: string;
  config: StageConfig;
  now: Date;
  /** The start of the scheduled period this run belongs to (ISO): its step key. */
  period: string;
  paused: KillSwitchState;
  /** Current states of the reconciled alarms; an alarm absent from the map does not exist (any more). */
  alarms: ReadonlyMap<string, CurrentAlarmState>;
  /** Floors the pipeline raised and has not restored, with the service's state now. */
  floors: Partial<Record<Service, RaisedFloor>>;
  episodes: OpenEpisode[];
}

export interface ReconcilePorts {
  stage: string;
  config: StageConfig;
  store: ItemStore;
  alarms: AlarmStateReader;
  services: ServiceStateReader;
  killSwitch: KillSwitch;
  now: Date;
  /** The scheduled event's time: which period this run is. */
  scheduledAt: Date;
}

/** The reconciled alarms of a stage: every alarm of a row whose action notifies per episode. */
export function reconciledAlarms(stage: string): { name: string; row: MatrixRow; target: AlarmTarget }[] {
  return ROWS.filter((row) => (RECONCILED_ACTIONS as readonly string[]).includes(row.action)).flatMap((row) =>
    targetsOf(row).map((target) => ({ name: alarmName(stage, row.id, target), row, target })),
  );
}

/**
 * Reads everything `decideReconcile` compares.
 * @example (await reconcileInput(ports)).episodes.length // 0 when nothing is open
 */
export async function reconcileInput(ports: ReconcilePorts): Promise<ReconcileInput> {
  const { stage, config, store, now } = ports;
  if (Number.isNaN(ports.scheduledAt.getTime())) {
    throw new InvalidEventError("the scheduled event's time is not an instant: no period to reconcile");
  }
  // A personal stage watches the alarms of the stage it shadows.
  const watched = reconciledAlarms(config.alarmStage);
  const [alarms, paused, floors, episodes] = await Promise.all([
    readAlarms(
      ports.alarms,
      watched.map((a) => a.name),
    ),
    ports.killSwitch.paused(),
    raisedFloors(ports),
    openEpisodesOf(store, config, watched, now),
  ]);
  const open = episodes.flat();
  await Promise.all(
    open.map(async (episode) => {
      if (episode.row.action !== "scale-out") return;
      const key = episode.notifications.key;
      episode.scale = await readScaleOutEpisode(store, key);
      if (episode.latest && alarms.get(episode.alarmName)?.value === "ALARM") {
        episode.lastStep = await lastStep(store, key);
      }
    }),
  );
  return {
    stage,
    config,
    now,
    period: periodStart(ports.scheduledAt).toISOString(),
    paused,
    alarms,
    floors: Object.fromEntries(floors.filter((f) => f !== undefined).map((f) => [f.record.service, f])),
    episodes: open,
  };
}

async function raisedFloors(ports: ReconcilePorts): Promise<(RaisedFloor | undefined)[]> {
  return Promise.all(
    SERVICES.map(async (service) => {
      const record = await readFloor(ports.store, ports.stage, service);
      if (!record || record.restored) return undefined;
      return { record, state: await ports.services.read(service) };
    }),
  );
}

/**
 * One Query per alarm, one after the other: a dozen small reads cost a few milliseconds in sequence, and the
 * parallel burst measured slower against the local table than the sequence.
 */
async function openEpisodesOf(
  store: ItemStore,
  config: StageConfig,
  alarms: { name: string; row: MatrixRow; target: AlarmTarget }[],
  now: Date,
): Promise<OpenEpisode[][]> {
  const found: OpenEpisode[][] = [];
  for (const alarm of alarms) found.push(await openEpisodes(store, config, alarm, now));
  return found;
}

async function openEpisodes(
  store: ItemStore,
  config: StageConfig,
  alarm: { name: string; row: MatrixRow; target: AlarmTarget },
  now: Date,
): Promise<OpenEpisode[]> {
  const stored = (await readEpisodes(store, alarm.name)).filter((e) => !e.resolvedAt);
  const newest = stored.at(-1);
  return Promise.all(
    stored.map(async (e) => ({
      alarmName: alarm.name,
      row: alarm.row,
      target: alarm.target,
      // At `now`: an instant no notice of the episode was sent at, so a resolve posts (never a `repeat`).
      notifications: await episodeForFollowUp(store, config, {
        alarmName: alarm.name,
        openedAt: e.openedAt,
        at: now.toISOString(),
      }),
      lastNoticeAt: e.updatedAt,
      latest: e === newest,
    })),
  );
}

/**
 * The last step of a scale-out chain: steps are taken in order 1, 2, ... and each leaves a step record, so
 * the records present are 1..k and a binary search finds k in a handful of reads.
 */
async function lastStep(store: ItemStore, episodeKey: string): Promise<OpenEpisode["lastStep"]> {
  const read = (n: number) => store.get(`STEP#scale#${episodeKey}#${n}`, "STEP");
  let low = 0;
  let high = MAX_STEPS + 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (await read(mid)) low = mid;
    else high = mid - 1;
  }
  if (low === 0) return undefined;
  const item = await read(low);
  const at = typeof item?.completedAt === "string" ? item.completedAt : undefined;
  // A step still in progress (or failed, to be resumed by its retry) is not a silent chain.
  return at ? { step: low, at } : undefined;
}
