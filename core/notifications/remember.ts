/**
 * Remembers, on the episode, what a sent Slack message needs later: its `ts` (so the resolve edits it), the
 * action it reported, whether it paged, when it resolved. Written only after Slack accepted the message, so a
 * retry after a partial failure sees the message and edits it instead of posting a second one.
 */

import { episodeKey } from "../episodes/key.js";
import { readNotifications, writeNotifications } from "../episodes/store.js";
import { SlackApiError } from "../kernel/adapter-errors.js";
import type { Executors, ItemStore } from "../kernel/ports.js";
import type { EpisodeMemo, SlackMessageRef } from "./effects.js";
import { EpisodeStateConflictError, NotificationError } from "./errors.js";

const NOTIFIED_KEPT = 50;
const WRITE_ATTEMPTS = 5;
const GONE = new Set(["message_not_found", "cant_update_message"]);

/**
 * The executors, with the Slack ones remembering their message on the episode. Every reaction context wraps
 * its executors with this, so no runtime can forget it.
 * @example carryOut(plan, meta, { ...ctx, executors: rememberingExecutors(executors, store, now) })
 */
export function rememberingExecutors(executors: Executors, store: ItemStore, now: () => Date): Executors {
  const wrapped: Executors = { ...executors };
  const post = executors["slack.chat.postMessage"];
  if (post) {
    wrapped["slack.chat.postMessage"] = async (effect) => {
      const output = await post(effect);
      if (effect.episode && !effect.threadTs) await rememberNotice(store, effect.episode, now(), messageRef(output));
      return output;
    };
  }
  const update = executors["slack.chat.update"];
  if (update) {
    wrapped["slack.chat.update"] = async (effect) => {
      try {
        const output = await update(effect);
        await rememberNotice(store, effect.episode, now(), { channel: effect.channel, ts: effect.ts });
        return output;
      } catch (error) {
        // Someone deleted the episode's message: post the status card again rather than fail forever.
        if (!(error instanceof SlackApiError && GONE.has(error.code)) || !post) throw error;
        const { ts: _gone, episode, ...message } = effect;
        const output = await post({ ...message, type: "slack.chat.postMessage", episode });
        await rememberNotice(store, episode, now(), messageRef(output));
        return output;
      }
    };
  }
  const webhook = executors["slack.webhook.post"];
  if (webhook) {
    wrapped["slack.webhook.post"] = async (effect) => {
      const output = await webhook(effect);
      await rememberNotice(store, effect.episode, now());
      return output;
    };
  }
  return wrapped;
}

/**
 * Merges one sent notice into its episode's state (optimistic concurrency on the record's `version`; the
 * scale-out part of the record is not touched, so its writes never conflict with this one).
 */
export async function rememberNotice(
  store: ItemStore,
  memo: EpisodeMemo,
  now: Date,
  slack?: SlackMessageRef,
): Promise<void> {
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const current = await readNotifications(store, memo.alarmName, memo.openedAt);
    const actions = current?.actions ?? [];
    const known = actions.some((a) => a.at === memo.at && a.text === memo.action);
    const resolvedAt = memo.resolvedAt ?? current?.resolvedAt;
    const messageRefToKeep = slack ?? current?.slack;
    const written = await writeNotifications(
      store,
      {
        alarmName: memo.alarmName,
        openedAt: memo.openedAt,
        ...(messageRefToKeep && { slack: messageRefToKeep }),
        actions: memo.action && !known ? [...actions, { at: memo.at, text: memo.action }] : actions,
        paged: (current?.paged ?? false) || memo.paged === true,
        flaps: Math.max(current?.flaps ?? 0, memo.flaps),
        ...(resolvedAt && { resolvedAt }),
        notified: [...(current?.notified ?? []), memo.at].slice(-NOTIFIED_KEPT),
        updatedAt: now.toISOString(),
      },
      current?.version ?? 0,
      now,
    );
    if (written) return;
  }
  throw new EpisodeStateConflictError(episodeKey(memo.alarmName, memo.openedAt));
}

function messageRef(output: unknown): SlackMessageRef {
  const { channel, ts } = (output ?? {}) as Partial<SlackMessageRef>;
  if (typeof channel !== "string" || typeof ts !== "string") {
    throw new NotificationError("chat.postMessage returned no channel and ts: the message cannot be edited later");
  }
  return { channel, ts };
}
