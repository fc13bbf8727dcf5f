/**
 * The episode record (DESIGN.md §4.1): one item per incident, an alarm × its ALARM transition, under the
 * alarm's partition: `EPISODE#<alarm>` / `OPENED#<opened at, ISO>`. It holds two parts, each written by its own
 * writer with an attribute-level update (`ItemStore.update`), so neither overwrites the other:
 * - the notification state (Slack message, action texts, paged, flaps, resolvedAt, notified, updatedAt),
 *   written by `rememberNotice` once Slack accepted a message, guarded by the record's `version`;
 * - the scale-out bookkeeping (`scaling`: status, steps, floor before, holds told, escalation), written by the
 *   scale-out plan as a `dynamodb.UpdateItem` effect.
 *
 * Upgrade: the previous release kept the two parts in two items (`NOTIFY#<alarm>` / `EPISODE#<opened at, ISO>`
 * and `EPISODE#<episode key>` / `EPISODE`). Where the record has no part yet, the part is read from the legacy
 * item, so an episode open across the deploy continues; writes go to the record only. The legacy items expire
 * with their 30-day TTL, and with them the fallback's purpose (docs/notifications.md).
 */

import type { Item, ItemStore } from "../kernel/ports.js";
import type { DynamodbUpdateItem } from "../kernel/state-effects.js";
import type { SlackMessageRef } from "../notifications/effects.js";
import { type EpisodeKeyParts, parseEpisodeKey } from "./key.js";
import type { EpisodeRecord } from "./scaling.js";

const TTL_SECONDS = 30 * 86_400;

/** An episode's notification state as stored. */
export interface StoredEpisode {
  alarmName: string;
  openedAt: string;
  slack?: SlackMessageRef;
  actions: { at: string; text: string }[];
  paged: boolean;
  flaps: number;
  resolvedAt?: string;
  /** The instants of the notices already sent (newest last, bounded): a retried notice is a repeat. */
  notified: string[];
  updatedAt: string;
  /** The record's version; 0 when the state comes from a legacy item (the record has none yet). */
  version: number;
}

/** The state table key of an episode's record. */
export function episodeRecordKey(alarmName: string, openedAt: string): { pk: string; sk: string } {
  return { pk: recordPartition(alarmName), sk: `OPENED#${iso(openedAt)}` };
}

/**
 * The notification state of the alarm's episodes, oldest first; episodes nothing was sent for are left out.
 * @example (await readEpisodes(store, "hero365-prod-cpu-high-backend")).at(-1)?.slack?.ts
 */
export async function readEpisodes(store: ItemStore, alarmName: string): Promise<StoredEpisode[]> {
  const [records, legacy] = await Promise.all([
    store.query(recordPartition(alarmName), "OPENED#"),
    store.query(legacyPartition(alarmName), "EPISODE#"),
  ]);
  const current = records.filter(hasNotifications).map(notificationsOf);
  const upgraded = (e: StoredEpisode) => current.some((c) => ms(c.openedAt) === ms(e.openedAt));
  const carried = legacy.map(legacyNotificationsOf).filter((e) => !upgraded(e));
  return [...current, ...carried].sort((a, b) => ms(a.openedAt) - ms(b.openedAt));
}

/** One episode's notification state; undefined when nothing was sent for it. */
export async function readNotifications(
  store: ItemStore,
  alarmName: string,
  openedAt: string,
): Promise<StoredEpisode | undefined> {
  const { pk, sk } = episodeRecordKey(alarmName, openedAt);
  // Both at once: the legacy record is read only to be ignored when the current one has it, but a cold reaction
  // pays its round trips in series before acting.
  const [record, legacy] = await Promise.all([
    store.get(pk, sk),
    store.get(legacyPartition(alarmName), `EPISODE#${iso(openedAt)}`),
  ]);
  if (record && hasNotifications(record)) return notificationsOf(record);
  return legacy && legacyNotificationsOf(legacy);
}

/**
 * Writes the notification part of an episode's record if its version is still `readVersion` (0: the record
 * has no notification part yet); false when another writer came first. The scaling part is left alone.
 */
export async function writeNotifications(
  store: ItemStore,
  state: Omit<StoredEpisode, "version">,
  readVersion: number,
  now: Date,
): Promise<boolean> {
  const { alarmName, openedAt, ...attributes } = state;
  return store.update(
    {
      ...episodeRecordKey(alarmName, openedAt),
      set: { ...attributes, expiresAt: expiresAt(now) },
      setIfAbsent: { alarmName, openedAt },
      bumpVersion: true,
    },
    readVersion > 0
      ? { kind: "equals", attribute: "version", value: readVersion }
      : { kind: "missing", attribute: "version" },
  );
}

/**
 * The scale-out bookkeeping of the episode `key`; undefined before its first step, hold or close.
 * @example (await readScaleOutEpisode(store, "hero365-prod-cpu-high-backend#2026-11-27T03:15:21.310+0000"))?.status // "open"
 */
export async function readScaleOutEpisode(store: ItemStore, key: string): Promise<EpisodeRecord | undefined> {
  const parts = parseEpisodeKey(key);
  const recordKey = parts && episodeRecordKey(parts.alarmName, parts.openedAt);
  // The current record and the legacy one in one round trip (see readNotifications).
  const [current, legacy] = await Promise.all([
    recordKey ? store.get(recordKey.pk, recordKey.sk) : undefined,
    store.get(`EPISODE#${key}`, "EPISODE"),
  ]);
  const scaling = current?.scaling;
  if (parts && scaling) return scaleOutEpisodeOf(key, parts, scaling as ScalingPart);
  if (!legacy) return undefined;
  const { pk: _pk, sk: _sk, expiresAt: _ttl, ...record } = legacy;
  return record as unknown as EpisodeRecord;
}

/**
 * The plan's write of an episode's scale-out bookkeeping: the `scaling` attribute only, so the Slack message
 * the notification part remembers (written before or after, by another invocation) stays.
 * @example effect(scaleOutEpisodeWrite(closed, now), "close the episode")
 */
export function scaleOutEpisodeWrite(record: EpisodeRecord, now: Date): DynamodbUpdateItem {
  const { episodeKey: _key, alarmName, openedAt, ...scaling } = record;
  return {
    type: "dynamodb.UpdateItem",
    ...episodeRecordKey(alarmName, openedAt),
    set: { scaling: defined(scaling), expiresAt: expiresAt(now) },
    setIfAbsent: { alarmName, openedAt },
  };
}

type ScalingPart = Omit<EpisodeRecord, "episodeKey" | "alarmName" | "openedAt">;

function scaleOutEpisodeOf(key: string, parts: EpisodeKeyParts, scaling: ScalingPart): EpisodeRecord {
  return {
    episodeKey: key,
    alarmName: parts.alarmName,
    row: scaling.row,
    service: scaling.service,
    status: scaling.status,
    openedAt: parts.openedAt,
    ...(scaling.closedAt !== undefined && { closedAt: scaling.closedAt }),
    ...(scaling.floorBefore !== undefined && { floorBefore: scaling.floorBefore }),
    actions: scaling.actions,
    notifiedHolds: scaling.notifiedHolds,
    escalated: scaling.escalated,
  };
}

/** A record carries notification state once a notice was remembered on it (the version counts those writes). */
function hasNotifications(item: Item): boolean {
  return typeof item.version === "number";
}

function notificationsOf(item: Item): StoredEpisode {
  return {
    alarmName: item.alarmName as string,
    openedAt: item.openedAt as string,
    ...(item.slack ? { slack: item.slack as SlackMessageRef } : {}),
    actions: (item.actions as StoredEpisode["actions"] | undefined) ?? [],
    paged: item.paged === true,
    flaps: (item.flaps as number | undefined) ?? 0,
    ...(typeof item.resolvedAt === "string" && { resolvedAt: item.resolvedAt }),
    notified: (item.notified as string[] | undefined) ?? [],
    updatedAt: (item.updatedAt as string | undefined) ?? (item.openedAt as string),
    version: (item.version as number | undefined) ?? 0,
  };
}

/** A legacy item's state: the same attributes, but no version of the record (its first write creates it). */
function legacyNotificationsOf(item: Item): StoredEpisode {
  return { ...notificationsOf(item), version: 0 };
}

function recordPartition(alarmName: string): string {
  return `EPISODE#${alarmName}`;
}

function legacyPartition(alarmName: string): string {
  return `NOTIFY#${alarmName}`;
}

function defined(attributes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined));
}

function expiresAt(now: Date): number {
  return Math.floor(now.getTime() / 1000) + TTL_SECONDS;
}

/** CloudWatch writes `2026-11-27T14:21:09.845+0000`; sort keys need one format. */
function iso(timestamp: string): string {
  return new Date(ms(timestamp)).toISOString();
}

function ms(timestamp: string): number {
  return Date.parse(timestamp);
}
