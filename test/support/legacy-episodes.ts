/**
 * The episode as the previous release stored it, in two items: the notification state under
 * `NOTIFY#<alarm>` / `EPISODE#<opened at, ISO>` and the scale-out episode under `EPISODE#<episode key>` /
 * `EPISODE`. Tests of the upgrade turn a record written by the current code into these, as a stage deployed
 * mid-incident has them.
 */
import { episodeKey } from "../../core/episodes/key.js";
import { episodeRecordKey } from "../../core/episodes/store.js";
import type { ItemStore } from "../../core/kernel/ports.js";

export async function downgradeToLegacy(store: ItemStore, alarmName: string, openedAt: string): Promise<void> {
  const { pk, sk } = episodeRecordKey(alarmName, openedAt);
  const record = await store.get(pk, sk);
  if (!record) throw new Error(`no episode record ${pk} / ${sk} to downgrade`);
  const { pk: _pk, sk: _sk, scaling, alarmName: _a, openedAt: _o, ...notifications } = record;
  const iso = new Date(Date.parse(openedAt)).toISOString();
  if (notifications.version !== undefined) {
    await store.put({ pk: `NOTIFY#${alarmName}`, sk: `EPISODE#${iso}`, alarmName, openedAt, ...notifications });
  }
  if (scaling) {
    const key = episodeKey(alarmName, openedAt);
    await store.put({
      pk: `EPISODE#${key}`,
      sk: "EPISODE",
      episodeKey: key,
      alarmName,
      openedAt,
      ...(scaling as Record<string, unknown>),
      expiresAt: record.expiresAt,
    });
  }
  await store.delete(pk, sk);
}
