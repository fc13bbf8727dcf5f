/**
 * Episodes of a scale-out alarm (DESIGN.md §4.1): the ALARM→OK span of one alarm, keyed by the alarm name and
 * its ALARM transition time. The episode's scale-out bookkeeping is a part of its record (store.ts); the
 * service's action history and floor are per service, not per episode, and are items of their own here.
 */
import type { Item, ItemStore } from "../kernel/ports.js";
import type { Service } from "../matrix/tiers.js";

export interface ActionRecord {
  at: string;
  row: string;
  episodeKey: string;
  from: number;
  to: number;
  via: "floor" | "desired";
}

export interface EpisodeRecord {
  episodeKey: string;
  alarmName: string;
  row: string;
  service: Service;
  status: "open" | "closed";
  openedAt: string;
  closedAt?: string;
  /** The scalable target's MinCapacity before the first floor raise of this episode. */
  floorBefore?: number;
  actions: ActionRecord[];
  /** Hold reasons already told to humans in this episode (each is told once). */
  notifiedHolds: string[];
  escalated: boolean;
}

const DAY = 86_400;

export function actionItem(stage: string, service: Service, action: ActionRecord): Item {
  return {
    pk: actionPartition(stage, service),
    sk: `ACTION#${action.at}#${action.episodeKey}`,
    ...action,
    expiresAt: Math.floor(Date.parse(action.at) / 1000) + DAY,
  };
}

function actionPartition(stage: string, service: Service): string {
  return `SERVICE#${stage}#${service}`;
}

/** The service's automatic actions since `since`, oldest first. */
export async function readActionsSince(
  store: ItemStore,
  stage: string,
  service: Service,
  since: Date,
): Promise<ActionRecord[]> {
  const items = await store.query(actionPartition(stage, service), `ACTION#${since.toISOString()}`);
  return items.map(({ pk: _pk, sk: _sk, expiresAt: _ttl, ...action }) => action as unknown as ActionRecord);
}

/**
 * The service's capacity floor as the pipeline left it. Whichever scale-out alarm raised it, the last of the
 * service's scale-out alarms to resolve lowers it again: the floor belongs to the service, not to an episode
 * (an alarm that fired during another's cooldown has no episode of its own, yet may be the last to clear).
 */
export interface FloorRecord {
  service: Service;
  /** MinCapacity before the pipeline first raised it. */
  floorBefore: number;
  raisedTo: number;
  raisedAt: string;
  raisedBy: string;
  restored: boolean;
}

export function floorItem(stage: string, record: FloorRecord, now: Date): Item {
  return {
    pk: floorPartition(stage, record.service),
    sk: "FLOOR",
    ...record,
    expiresAt: Math.floor(now.getTime() / 1000) + 30 * DAY,
  };
}

export async function readFloor(store: ItemStore, stage: string, service: Service): Promise<FloorRecord | undefined> {
  const item = await store.get(floorPartition(stage, service), "FLOOR");
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, expiresAt: _ttl, ...record } = item;
  return record as unknown as FloorRecord;
}

function floorPartition(stage: string, service: Service): string {
  return `FLOOR#${stage}#${service}`;
}
