/**
 * The reconciler's decision (DESIGN.md §4.10): pure. It compares what the reactions left behind with the
 * alarms as they are now and plans what converges them — a raised floor back to the tier minimum once no
 * scale-out alarm of its service fires, an open episode whose alarm is OK (or gone) resolved, a follow-up chain
 * that went silent while its alarm still fires sent on again — or nothing, when the world already matches.
 */

import { PAGE_ONCALL } from "../actions/page-oncall.js";
import { SCALE_OUT } from "../actions/scale-out.js";
import { MAX_FOLLOW_UP_STEP, scheduleFollowUp } from "../alarms/follow-up.js";
import { parseAlarmName } from "../alarms/name.js";
import { floorItem } from "../episodes/scaling.js";
import { scaleOutEpisodeWrite } from "../episodes/store.js";
import { effect, type PlannedEffect } from "../kernel/effects.js";
import { act, hold, type Plan, skip } from "../kernel/plan.js";
import { MATRIX } from "../matrix/rows.js";
import { SERVICES, type Service, TIERS } from "../matrix/tiers.js";
import { nextRepageStep } from "../paging/decide.js";
import { MAX_STEPS } from "../scaling/decide.js";
import { floorEffect } from "../scaling/effects.js";
import { activePause, pauseReason } from "../scaling/kill-switch.js";
import type { OpenEpisode, ReconcileInput } from "./input.js";
import { resolveNotice } from "./resolve.js";
import { RECONCILE } from "./spec.js";

/** Holds that end a scale-out chain on purpose: a human must look, nothing follows up. */
const CHAIN_ENDS = ["at-ceiling", "step-limit"];

interface Step {
  effects: PlannedEffect[];
  /** What the effects converge, for the plan's reason. */
  did: string;
}

/**
 * Plans one reconciliation of the stage; exactly once per scheduled period (its step key).
 * @example decideReconcile(input).code // "nothing-to-do" when every floor is at the tier minimum and nothing is open
 */
export function decideReconcile(input: ReconcileInput): Plan {
  const steps = [
    ...SERVICES.flatMap((service) => restoreFloor(input, service)),
    ...input.episodes.flatMap((episode) => resolveEpisode(input, episode) ?? followUpChain(input, episode)),
  ];
  if (steps.length === 0) {
    return skip("nothing-to-do", `${input.stage} has converged: no raised floor to restore, nothing open to resolve`);
  }
  const would = steps.map((s) => s.did).join("; ");
  if (input.config.safety.dryRun) return hold("shadow", `shadow mode: would ${would}`);
  const pause = activePause(input.paused, input.now);
  if (pause) return hold("paused", `${pauseReason(pause)}; would ${would}`);
  return act(
    would,
    steps.flatMap((s) => s.effects),
    `reconcile#${input.stage}#${input.period}`,
  );
}

/** The service's scale-out alarms in ALARM now. */
function firingScaleOutAlarms(input: ReconcileInput, service: Service): string[] {
  return [...input.alarms.entries()]
    .filter(([name, state]) => {
      const parsed = parseAlarmName(name);
      return state.value === "ALARM" && parsed?.target === service && MATRIX[parsed.row].action === "scale-out";
    })
    .map(([name]) => name);
}

function restoreFloor(input: ReconcileInput, service: Service): Step[] {
  const raised = input.floors[service];
  if (!raised) return [];
  // Never while a scale-out alarm of the service fires. No grace here: when the OK path restores the floor at
  // the same moment, both set the same minimum.
  if (firingScaleOutAlarms(input, service).length > 0) return [];
  const tierMin = TIERS[input.config.tier].services[service].minCapacity;
  const target = raised.state.scalableTarget;
  const restored = effect(
    { type: "dynamodb.PutItem", item: floorItem(input.stage, { ...raised.record, restored: true }, input.now) },
    "the floor is the tier minimum again",
  );
  if (!target || target.minCapacity <= tierMin) {
    // Someone (or the OK path) already lowered it: only the record is behind.
    return [
      {
        effects: [restored],
        did: `mark ${service}'s floor restored (already at ${target?.minCapacity ?? "no scalable target"})`,
      },
    ];
  }
  if (tierMin > target.maxCapacity) return [];
  return [
    {
      effects: [
        floorEffect(
          input.config,
          service,
          tierMin,
          `no scale-out alarm of ${service} fires: lower the floor back to the tier minimum (${tierMin}); target tracking scales in gently`,
        ),
        restored,
      ],
      did: `lower ${service}'s floor ${target.minCapacity} → ${tierMin} (raised by ${raised.record.raisedBy}; no scale-out alarm fires)`,
    },
  ];
}

/** An open episode whose alarm is OK (past the grace) or gone: resolved, and its scale-out episode closed. */
function resolveEpisode(input: ReconcileInput, episode: OpenEpisode): Step[] | undefined {
  const state = input.alarms.get(episode.alarmName);
  if (state && (state.value !== "OK" || withinGrace(input, state.timestamp))) return undefined;
  // The scale-out episode is closed before any notice goes out: the notices mark the notification episode
  // resolved as they are sent, and a resolved one is no longer read, so a notice failing after them (a
  // throttled SNS publish) would otherwise leave the scale-out episode open with nothing left to find it.
  const effects: PlannedEffect[] = [];
  if (episode.scale?.status === "open") {
    effects.push(
      effect(
        scaleOutEpisodeWrite({ ...episode.scale, status: "closed", closedAt: input.now.toISOString() }, input.now),
        "close the episode",
      ),
    );
  }
  effects.push(...resolveNotice(episode, state, input.stage, input.config, input.now));
  if (effects.length === 0) return [];
  const why = state ? `OK since ${state.timestamp}` : "its alarm no longer exists";
  return [
    {
      effects,
      did: `resolve ${episode.notifications.key} (${why})${episode.notifications.paged ? ", page included" : ""}`,
    },
  ];
}

/** A follow-up chain that went silent while its alarm still fires: one follow-up, keyed by its step. */
function followUpChain(input: ReconcileInput, episode: OpenEpisode): Step[] {
  const state = input.alarms.get(episode.alarmName);
  if (state?.value !== "ALARM" || !episode.latest) return [];
  const now = input.now.getTime();
  const margin = RECONCILE.deadChainMarginMinutes * 60_000;
  const key = episode.notifications.key;
  if (episode.row.action === "page-oncall") {
    const interval = input.config.notifications.repageMinutes * 60_000;
    const silent = now - Date.parse(episode.lastNoticeAt);
    // The slot page-oncall scheduled after its last notice (the first aligned slot at least one interval on,
    // so up to two intervals later): the chain is dead only when that slot passed without a page.
    const expected = nextRepageStep({
      config: input.config,
      episode: episode.notifications,
      now: new Date(episode.lastNoticeAt),
    });
    const slot = Math.min(MAX_FOLLOW_UP_STEP, expected);
    const dueAt = new Date(Date.parse(episode.notifications.openedAt) + slot * interval);
    // page-oncall keys re-pages by slot, so the original arriving late cannot double this one.
    if (now <= dueAt.getTime() + margin) return [];
    return [
      chainStep(
        input,
        episode,
        PAGE_ONCALL.functionName,
        slot,
        dueAt,
        `${Math.round(silent / 60_000)} min without a page`,
      ),
    ];
  }
  if (episode.row.action !== "scale-out") return [];
  const scale = episode.scale;
  const last = episode.lastStep;
  if (scale?.status !== "open" || !last || last.step > MAX_STEPS) return [];
  if (scale.notifiedHolds.some((code) => CHAIN_ENDS.includes(code))) return [];
  const silent = now - Date.parse(last.at);
  if (silent <= episode.row.cooldownSeconds * 1000 + margin) return [];
  return [
    chainStep(
      input,
      episode,
      SCALE_OUT.functionName,
      last.step + 1,
      input.now,
      `step ${last.step} was ${Math.round(silent / 60_000)} min ago (${key})`,
    ),
  ];
}

function chainStep(
  input: ReconcileInput,
  episode: OpenEpisode,
  functionName: string,
  step: number,
  dueAt: Date,
  why: string,
): Step {
  const key = episode.notifications.key;
  return {
    effects: [
      scheduleFollowUp(
        { functionName, alarmName: episode.alarmName, episodeKey: key, step, dueAt },
        input.now,
        `${episode.alarmName} still fires but its follow-ups stopped (${why}): send step ${step} again`,
      ),
    ],
    did: `restart ${functionName}'s follow-ups of ${key} at step ${step} (${why})`,
  };
}

function withinGrace(input: ReconcileInput, timestamp: string): boolean {
  return input.now.getTime() - Date.parse(timestamp) < RECONCILE.graceSeconds * 1000;
}
