/**
 * Episodes of a scale-out alarm (DESIGN.md §4.1): the ALARM→OK span of one alarm, keyed by the alarm name and
 * its ALARM transition time. The episode record and the service's action history live in the state table.
 */
import type { Item, ItemStore } from "../ports.js";
import type { Service } from "../tiers.js";

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

export function episodeKeyOf(alarmName: string, alarmTransitionAt: string): string {
  return `${alarmName}#${alarmTransitionAt}`;
}

export function episodeItem(record: EpisodeRecord, now: Date): Item {
  return {
    pk: `EPISODE#${record.episodeKey}`,
    sk: "EPISODE",
    ...record,
    expiresAt: Math.floor(now.getTime() / 1000) + 30 * DAY,
  };
}

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

export async function readEpisode(store: ItemStore, episodeKey: string): Promise<EpisodeRecord | undefined> {
  const item = await store.get(`EPISODE#${episodeKey}`, "EPISODE");
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, expiresAt: _ttl, ...record } = item;
  return record as unknown as EpisodeRecord;
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
