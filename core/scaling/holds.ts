/**
 * The holds of a scale-out step (DESIGN.md §4.3, §4.7), in the order they are checked: the first that applies
 * decides, and none applying lets the step go. Before the step: the chain's length, the brakes a human or AAS
 * set, the service's own rollout, cooldown and hourly budget, a target with no bound to act within, the ceiling.
 * After it: a floor already above the step, and shadow mode. On OK, what keeps a raised floor up.
 */

import { formatCostDelta, taskHourCost } from "../cost/fargate.js";
import { tierUpgradeText } from "../cost/tier-upgrade.js";
import type { ActionRecord } from "../episodes/scaling.js";
import { TIERS } from "../matrix/tiers.js";
import type { Notice } from "../notifications/notice.js";
import type { HoldCode, ScaleInput } from "./input.js";
import { activePause, type Pause, pauseReason } from "./kill-switch.js";
import { nextCapacity } from "./step.js";

/** A follow-up chain stops after this many steps (2 h at the default cooldown) and says so. */
export const MAX_STEPS = 24;

/** What the holds read, computed once: the service's bounds and brakes as of `now`. */
export interface Bounds {
  input: ScaleInput;
  /** min(tier maxCapacity, AAS MaxCapacity). */
  ceiling: number;
  current: number;
  pause: Pause | undefined;
  /** The service's last action, and the end of its cooldown. */
  last: { action: ActionRecord; cooledAt: Date } | undefined;
  afterCooldown: Date;
}

/** The bounds, and the step they allow. */
export interface Step extends Bounds {
  to: number;
  actionText: string;
  costDelta: string;
}

/** One row of the hold table: when it applies, what it says, when to look again (none: a human must look). */
export interface Hold<V> {
  code: HoldCode;
  applies: (v: V) => boolean;
  reason: (v: V) => string;
  retryAt?: (v: V) => Date;
  /** Pages on-call: automation has stopped and a human must act. */
  page?: true;
  /** Told once per episode by default; a cooldown is routine (never told), each shadow step is news. */
  tell?: "never" | "every-step";
  /** Told as an escalation (critical), not as a hold. */
  escalates?: true;
  /** What the notice adds (shadow: the action it would take and its cost) in place of the page flag. */
  notice?: (v: V) => Partial<Notice>;
  /** The follow-up's reason, when "look again after the <code> hold" does not say it. */
  followUpReason?: string;
}

const afterCooldown = (v: Bounds) => v.afterCooldown;

export const HOLDS_BEFORE_STEP: readonly Hold<Bounds>[] = [
  {
    code: "step-limit",
    applies: ({ input }) => input.step > MAX_STEPS,
    reason: ({ input }) =>
      `${input.alarmName} is still in ALARM after ${MAX_STEPS} steps: automation stops following this episode; a human must look`,
    page: true,
  },
  {
    code: "paused",
    applies: (v) => v.pause !== undefined,
    reason: (v) => pauseReason(v.pause as Pause),
    retryAt: afterCooldown,
  },
  {
    code: "deployment-in-progress",
    applies: ({ input }) => Boolean(input.serviceState.deploymentInProgressSince),
    reason: ({ input }) =>
      `a deployment of ${input.service} is in progress since ${input.serviceState.deploymentInProgressSince}: scaling now would fight the rollout`,
    retryAt: afterCooldown,
  },
  {
    code: "aas-suspended",
    applies: ({ input }) => Boolean(input.serviceState.scalableTarget?.suspended.dynamicScalingOutSuspended),
    reason: ({ input }) => `scale-out of ${input.service} is suspended in Application Auto Scaling: respecting it`,
    retryAt: afterCooldown,
  },
  {
    code: "cooldown",
    applies: ({ input, last }) => last !== undefined && input.now.getTime() < last.cooledAt.getTime(),
    reason: ({ input, last }) =>
      `${input.service} was scaled ${last?.action.from} → ${last?.action.to} at ${last?.action.at} (${last?.action.row}): cooling down until ${last?.cooledAt.toISOString()}`,
    retryAt: ({ last }) => last?.cooledAt as Date,
    tell: "never",
  },
  {
    code: "budget-spent",
    applies: ({ input }) => input.recentActions.length >= input.config.safety.hourlyActionBudget,
    reason: ({ input }) =>
      `${input.service} had ${input.recentActions.length} automatic actions in the last hour (budget ${input.config.safety.hourlyActionBudget}): holding`,
    retryAt: ({ input }) => new Date(Date.parse((input.recentActions[0] as ActionRecord).at) + 3_600_000),
  },
  {
    code: "invalid-scalable-target",
    applies: ({ input: { serviceState: st } }) =>
      Boolean(st.scalableTarget && st.scalableTarget.minCapacity > st.scalableTarget.maxCapacity),
    reason: ({ input: { service, serviceState: st } }) =>
      `${service}'s scalable target has MinCapacity ${st.scalableTarget?.minCapacity} above MaxCapacity ${st.scalableTarget?.maxCapacity}: no bound to act within; a human must fix the target`,
    page: true,
  },
  {
    code: "at-ceiling",
    applies: (v) => v.current >= v.ceiling,
    reason: ({ input, current, ceiling }) =>
      `${input.service} is at its ceiling (${current} of max ${ceiling}) and ${input.alarmName} still fires. ${tierUpgradeText(input.config.tier, input.service)}`,
    page: true,
    escalates: true,
  },
];

export const HOLDS_AFTER_STEP: readonly Hold<Step>[] = [
  // A scale-out never lowers the floor: someone (or AAS) may have raised it above this step already.
  {
    code: "floor-above-step",
    applies: ({ input, to }) =>
      Boolean(input.serviceState.scalableTarget && to <= input.serviceState.scalableTarget.minCapacity),
    reason: ({ input, current, to }) =>
      `${input.service}'s floor is already ${input.serviceState.scalableTarget?.minCapacity} (desired ${current}), at or above this step's ${to}: AAS brings desired up to the floor; look again after the cooldown`,
    retryAt: afterCooldown,
  },
  {
    code: "shadow",
    applies: ({ input: { config, row } }) => config.safety.dryRun || config.safety.shadowRows.includes(row.id),
    reason: ({ input, current, to }) => `shadow mode: would scale ${input.service} ${current} → ${to}`,
    retryAt: afterCooldown,
    tell: "every-step",
    notice: (v) => ({ action: `would scale ${v.actionText}`, costDelta: v.costDelta }),
    followUpReason: "shadow keeps tracking the episode",
  },
];

/** On OK, a raised floor stays up while a newer episode of the alarm or another scale-out alarm needs it. */
export const HOLDS_ON_CLOSE: readonly Pick<Hold<ScaleInput>, "code" | "applies" | "reason">[] = [
  {
    code: "newer-episode-active",
    applies: (input) => Boolean(input.newerEpisodeSince),
    reason: (input) =>
      `keeping ${input.service}'s floor at ${input.serviceState.scalableTarget?.minCapacity}: ${input.alarmName} is in ALARM again since ${input.newerEpisodeSince} (a newer episode); this late OK closes its own episode only`,
  },
  {
    code: "other-alarm-active",
    applies: (input) => input.otherAlarmsFiring.length > 0,
    reason: (input) =>
      `keeping ${input.service}'s floor at ${input.serviceState.scalableTarget?.minCapacity}: ${input.otherAlarmsFiring.join(", ")} still in ALARM`,
  },
];

export function boundsOf(input: ScaleInput): Bounds {
  const { config, service, serviceState: st, now } = input;
  const cooldownMs = input.row.cooldownSeconds * 1000;
  const last = input.recentActions.at(-1);
  return {
    input,
    ceiling: Math.min(
      TIERS[config.tier].services[service].maxCapacity,
      st.scalableTarget?.maxCapacity ?? Number.POSITIVE_INFINITY,
    ),
    current: st.desiredCount,
    pause: activePause(input.paused, now),
    last: last && { action: last, cooledAt: new Date(Date.parse(last.at) + cooldownMs) },
    afterCooldown: new Date(now.getTime() + cooldownMs),
  };
}

/** The step (DESIGN.md §4.5): proportional to the observed value against the row's target, within the ceiling. */
export function stepOf(bounds: Bounds): Step {
  const { config, row, service, serviceState: st, observed } = bounds.input;
  const { current, ceiling } = bounds;
  const size = TIERS[config.tier].services[service];
  const target = row.scaleOut?.target === "tierTargetCPU" ? size.targetCPU : (row.scaleOut?.target ?? row.threshold);
  const to = nextCapacity({ current, observed, target, maxFactor: row.scaleOut?.maxFactor ?? 2, ceiling });
  const price = taskHourCost(size, config.region, config.ecs.services[service].cpuArchitecture);
  const actionText = st.scalableTarget
    ? `${service} floor ${st.scalableTarget.minCapacity} → ${to} (desired ${current} → ${to})`
    : `${service} desired ${current} → ${to}`;
  return { ...bounds, to, actionText, costDelta: formatCostDelta(current, to, price) };
}
