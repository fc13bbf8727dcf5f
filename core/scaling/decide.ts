/**
 * The scale-out decision (DESIGN.md §4): pure. From the alarm, the row, the service's state and the episode's
 * history it plans one step out (a floor raise, or `ecs.UpdateService` without a scalable target), a hold
 * with a named reason, the escalation at the ceiling, or — on OK — the floor's return to the tier minimum.
 * The holds, in the order they are checked, are the table in core/scaling/holds.ts.
 */

import { SCALE_OUT } from "../actions/scale-out.js";
import { scheduleFollowUp } from "../alarms/follow-up.js";
import { closingMarkItem } from "../alarms/freshness.js";
import { openedAtOf } from "../episodes/key.js";
import { type ActionRecord, actionItem, type EpisodeRecord, type FloorRecord, floorItem } from "../episodes/scaling.js";
import { scaleOutEpisodeWrite } from "../episodes/store.js";
import { effect, type PlannedEffect } from "../kernel/effects.js";
import { act, hold, type Plan, skip } from "../kernel/plan.js";
import type { Item } from "../kernel/ports.js";
import { TIERS } from "../matrix/tiers.js";
import { planNotice } from "../notifications/plan-notice.js";
import { floorEffect, scaleOutEffect } from "./effects.js";
import {
  type Bounds,
  boundsOf,
  HOLDS_AFTER_STEP,
  HOLDS_BEFORE_STEP,
  HOLDS_ON_CLOSE,
  type Hold,
  type Step,
  stepOf,
} from "./holds.js";
import type { ScaleInput } from "./input.js";
import { resolvedSummary, scaleNotice } from "./notice.js";

export { MAX_STEPS } from "./holds.js";
export type { HoldCode, ScaleInput } from "./input.js";

/**
 * Plans the reaction of a scale-out row to an alarm state or follow-up.
 * @example decideScaleOut(input).effects.map((e) => e.type) // ["applicationautoscaling.RegisterScalableTarget", ...]
 */
export function decideScaleOut(input: ScaleInput): Plan {
  if (input.state.value === "INSUFFICIENT_DATA") {
    return skip("insufficient-data", `${input.alarmName} has insufficient data: no scaling on missing data`);
  }
  if (input.state.value === "OK") return input.step === 1 ? decideClose(input) : skipResolved(input);
  if (input.episode?.status === "closed") {
    return skip("episode-closed", `episode ${input.episodeKey} is closed: nothing to follow up`);
  }
  return decideStep(input);
}

function skipResolved(input: ScaleInput): Plan {
  return skip("alarm-ok", `${input.alarmName} is OK again: the follow-up stops (the OK event closes the episode)`);
}

/** The first hold that applies before the step, the step, the first that applies after it, or the act. */
function decideStep(input: ScaleInput): Plan {
  const episode = input.episode ?? openEpisode(input);
  const bounds = boundsOf(input);
  const before = HOLDS_BEFORE_STEP.find((h) => h.applies(bounds));
  if (before) return holdPlan(before, bounds, episode);
  const step = stepOf(bounds);
  const after = HOLDS_AFTER_STEP.find((h) => h.applies(step));
  if (after) return holdPlan(after, step, episode);
  return actPlan(step, episode);
}

/** A hold: told as its row says, looked at again when it says (a hold only a human can lift has no follow-up). */
function holdPlan<V extends Bounds>(h: Hold<V>, v: V, episode: EpisodeRecord): Plan {
  const { input } = v;
  const reason = h.reason(v);
  const told = h.tell === "never" || (h.tell !== "every-step" && episode.notifiedHolds.includes(h.code));
  const effects: PlannedEffect[] = [];
  if (!told) {
    const kind = h.escalates ? "escalation" : "hold";
    const notice = scaleNotice(input, {
      kind,
      summary: reason,
      ...(h.notice ? h.notice(v) : { page: h.page ?? false }),
    });
    effects.push(...planNotice(notice, input.notifications));
  }
  if (!told && h.tell !== "every-step") {
    effects.push(
      effect(
        scaleOutEpisodeWrite({ ...episode, notifiedHolds: [...episode.notifiedHolds, h.code] }, input.now),
        "remember this hold was told",
      ),
    );
  }
  const retryAt = h.retryAt?.(v);
  if (retryAt) effects.push(followUp(v, retryAt, h.followUpReason ?? `look again after the ${h.code} hold`));
  return hold(h.code, reason, effects, effects.length ? stepKeyOf(input) : undefined);
}

function actPlan(step: Step, episode: EpisodeRecord): Plan {
  const { input, current, to, ceiling } = step;
  const { row, service, serviceState: st } = input;
  const action: ActionRecord = {
    at: input.now.toISOString(),
    row: row.id,
    episodeKey: input.episodeKey,
    from: current,
    to,
    via: st.scalableTarget ? "floor" : "desired",
  };
  const summary = `${row.title} on ${service}: scaled out ${current} → ${to} tasks (step ${input.step}, ceiling ${ceiling}).`;
  return act(
    `${row.id} on ${service}: scale out ${current} → ${to} (step ${input.step})`,
    [
      scaleOutEffect(input.config, service, st, to),
      ...recordStep(step, episode, action),
      ...planNotice(
        scaleNotice(input, { kind: "step", summary, action: step.actionText, costDelta: step.costDelta }),
        input.notifications,
      ),
      followUp(step, step.afterCooldown, "EventBridge fires once per state change: look again after the cooldown"),
    ],
    stepKeyOf(input),
  );
}

/** The step on the episode, the action for cooldown and budget, the floor the pipeline now owns. */
function recordStep({ input }: Step, episode: EpisodeRecord, action: ActionRecord): PlannedEffect[] {
  const { now, serviceState: st } = input;
  const updated: EpisodeRecord = {
    ...episode,
    floorBefore: episode.floorBefore ?? st.scalableTarget?.minCapacity,
    actions: [...episode.actions, action],
  };
  return [
    effect(scaleOutEpisodeWrite(updated, now), "record the step on the episode"),
    stateWrite(actionItem(input.stage, input.service, action), "count the action for cooldown and budget"),
    ...(st.scalableTarget
      ? [
          stateWrite(
            floorItem(
              input.stage,
              {
                service: input.service,
                floorBefore:
                  input.floor && !input.floor.restored ? input.floor.floorBefore : st.scalableTarget.minCapacity,
                raisedTo: action.to,
                raisedAt: now.toISOString(),
                raisedBy: input.episodeKey,
                restored: false,
              },
              now,
            ),
            "the service's floor is the pipeline's to lower again",
          ),
        ]
      : []),
  ];
}

function decideClose(input: ScaleInput): Plan {
  const { config, service, serviceState: st, episode } = input;
  const tierMin = TIERS[config.tier].services[service].minCapacity;
  const floor = input.floor && !input.floor.restored ? input.floor : undefined;
  const raised = Boolean(floor && st.scalableTarget && st.scalableTarget.minCapacity > tierMin);
  if (episode?.status === "closed") return skip("episode-closed", `episode ${input.episodeKey} is already closed`);
  const closed = episode ? closeEpisode(input, episode) : closingMark(input);
  const stepKey = `close#${input.episodeKey}`;
  if (!episode && !raised) {
    const nothing = `no open episode ${input.episodeKey} and no raised floor on ${service}: nothing to restore`;
    return { ...skip("no-episode", nothing), effects: [closed], stepKey };
  }
  const held = raised ? HOLDS_ON_CLOSE.find((h) => h.applies(input)) : undefined;
  const reason = held ? held.reason(input) : restoredReason(input, raised, tierMin);
  const restore = raised && floor && !held ? restoreFloor(input, floor, tierMin) : [];
  const notice = scaleNotice(input, { kind: "resolved", summary: resolvedSummary(input, reason) });
  const effects = [...restore, closed, ...planNotice(notice, input.notifications)];
  return held ? hold(held.code, reason, effects, stepKey) : act(reason, effects, stepKey);
}

function restoredReason(input: ScaleInput, raised: boolean, tierMin: number): string {
  const floorAt = input.serviceState.scalableTarget?.minCapacity;
  if (!raised) return `${input.alarmName} resolved: no floor to restore (never scales in by itself)`;
  return `${input.alarmName} resolved${input.episode ? "" : " (the last of the service's scale-out alarms)"}: floor ${floorAt} → ${tierMin}`;
}

/** The floor back to the tier minimum: target tracking scales in from there. */
function restoreFloor(input: ScaleInput, floor: FloorRecord, tierMin: number): PlannedEffect[] {
  return [
    floorEffect(
      input.config,
      input.service,
      tierMin,
      `lower the floor back to the tier minimum (${tierMin}); target tracking scales in gently`,
    ),
    stateWrite(floorItem(input.stage, { ...floor, restored: true }, input.now), "the floor is the tier minimum again"),
  ];
}

function followUp({ input }: Bounds, at: Date, why: string): PlannedEffect {
  const { alarmName, episodeKey } = input;
  const functionName = SCALE_OUT.functionName;
  return scheduleFollowUp({ functionName, alarmName, episodeKey, step: input.step + 1, dueAt: at }, input.now, why);
}

function stepKeyOf(input: ScaleInput): string {
  return `scale#${input.episodeKey}#${input.step}`;
}

function openEpisode(input: ScaleInput): EpisodeRecord {
  return {
    episodeKey: input.episodeKey,
    alarmName: input.alarmName,
    row: input.row.id,
    service: input.service,
    status: "open",
    openedAt: openedAtOf(input.episodeKey, input.alarmName),
    actions: [],
    notifiedHolds: [],
    escalated: false,
  };
}

function closeEpisode(input: ScaleInput, episode: EpisodeRecord): PlannedEffect {
  return effect(
    scaleOutEpisodeWrite({ ...episode, status: "closed", closedAt: input.now.toISOString() }, input.now),
    "close the episode",
  );
}

/** No episode: its ALARM may still be on its way (deliveries are not ordered); the mark tells it it is over. */
function closingMark(input: ScaleInput): PlannedEffect {
  const openedAt = openedAtOf(input.episodeKey, input.alarmName);
  return stateWrite(
    closingMarkItem({ alarmName: input.alarmName, openedAt, closedAt: input.state.timestamp }, input.now),
    "mark the episode closed, so its ALARM arriving later is recognised as over",
  );
}

function stateWrite(item: Item, reason: string): PlannedEffect {
  return effect({ type: "dynamodb.PutItem", item }, reason);
}
