/**
 * The scale-out decision (DESIGN.md §4): pure. From the alarm, the row, the service's state and the episode's
 * history it plans one step out (a floor raise, or `ecs.UpdateService` without a scalable target), a hold
 * with a named reason, the escalation at the ceiling, or — on OK — the floor's return to the tier minimum.
 */
import { alarmConsoleUrl, ecsServiceConsoleUrl, formatDuration, formatValue } from "../alarms/event.js";
import { followUpEffect } from "../alarms/follow-up.js";
import { closingMarkItem } from "../alarms/freshness.js";
import type { StageConfig } from "../config/index.js";
import type { ServiceDiagnostics } from "../diagnostics/port.js";
import { openedAtOf } from "../episodes/key.js";
import type { EpisodeNotifications } from "../episodes/notifications.js";
import { type ActionRecord, actionItem, type EpisodeRecord, type FloorRecord, floorItem } from "../episodes/scaling.js";
import { scaleOutEpisodeWrite } from "../episodes/store.js";
import { effect, type PlannedEffect } from "../kernel/effects.js";
import { act, hold, type Plan, skip } from "../kernel/plan.js";
import type { Item } from "../kernel/ports.js";
import type { MatrixRow } from "../matrix/rows.js";
import { nextTier, type Service, TIERS } from "../matrix/tiers.js";
import type { OneServiceDiagnostics } from "../notifications/diagnostics-text.js";
import type { Notice } from "../notifications/notice.js";
import { planNotice } from "../notifications/plan-notice.js";
import { ecsResourceId } from "./effects.js";
import { activePause, type KillSwitchState, pauseReason } from "./kill-switch.js";
import { formatCostDelta, taskHourCost } from "./pricing.js";
import type { ServiceState } from "./service-state.js";
import { nextCapacity } from "./step.js";

/** A follow-up chain stops after this many steps (2 h at the default cooldown) and says so. */
export const MAX_STEPS = 24;

export type HoldCode =
  | "paused"
  | "deployment-in-progress"
  | "aas-suspended"
  | "cooldown"
  | "budget-spent"
  | "at-ceiling"
  | "shadow"
  | "step-limit"
  | "other-alarm-active"
  | "floor-above-step"
  | "invalid-scalable-target"
  | "newer-episode-active";

export interface ScaleInput {
  stage: string;
  config: StageConfig;
  row: MatrixRow;
  service: Service;
  alarmName: string;
  /** The alarm's current state; for a follow-up, as re-read from CloudWatch. */
  state: { value: "OK" | "ALARM" | "INSUFFICIENT_DATA"; timestamp: string; reason: string };
  /** The newest datapoint behind the state, if CloudWatch sent any. */
  observed: number | undefined;
  episodeKey: string;
  /** 1 for the ALARM event itself, n for the (n-1)th follow-up. */
  step: number;
  now: Date;
  serviceState: ServiceState;
  episode: EpisodeRecord | undefined;
  /** This service's automatic actions in the last hour, oldest first. */
  recentActions: ActionRecord[];
  /** The kill switch as read; an expired pause is dropped here, against `now`. */
  paused: KillSwitchState;
  /** Other scale-out alarms of this service that are in ALARM now (they keep the floor up). */
  otherAlarmsFiring: string[];
  /** Best effort: what could be collected, or why nothing could (`gatherDiagnostics`). */
  diagnostics?: OneServiceDiagnostics;
  /** The episode's notification state: its Slack message, whether it paged (`episodeForTrigger`). */
  notifications: EpisodeNotifications;
  /** The service's floor as the pipeline left it (undefined: never raised). */
  floor?: FloorRecord;
  /**
   * For an OK: the alarm is in ALARM again since this later transition (a newer episode, whose floor the late
   * OK must not lower).
   */
  newerEpisodeSince?: string;
}

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

function decideStep(input: ScaleInput): Plan {
  const { config, row, service, serviceState: st, now, step } = input;
  const size = TIERS[config.tier].services[service];
  const ceiling = Math.min(size.maxCapacity, st.scalableTarget?.maxCapacity ?? Number.POSITIVE_INFINITY);
  const current = st.desiredCount;
  const episode = input.episode ?? openEpisode(input);
  const stepKey = `scale#${input.episodeKey}#${step}`;
  const cooldownMs = row.cooldownSeconds * 1000;
  const followUp = (at: Date, why: string) =>
    followUpEffect(
      {
        kind: "hero365.follow-up",
        functionName: "scale-ecs",
        alarmName: input.alarmName,
        episodeKey: input.episodeKey,
        step: step + 1,
        dueAt: at.toISOString(),
      },
      now,
      why,
    );
  const afterCooldown = new Date(now.getTime() + cooldownMs);
  const holdWith = (code: HoldCode, reason: string, retryAt: Date | undefined, page = false) => {
    const told = episode.notifiedHolds.includes(code) || code === "cooldown";
    const effects: PlannedEffect[] = [];
    if (!told) {
      effects.push(
        ...planNotice(
          notice(input, { kind: code === "at-ceiling" ? "escalation" : "hold", summary: reason, page }),
          input.notifications,
        ),
      );
      effects.push(
        effect(
          scaleOutEpisodeWrite({ ...episode, notifiedHolds: [...episode.notifiedHolds, code] }, now),
          "remember this hold was told",
        ),
      );
    }
    if (retryAt) effects.push(followUp(retryAt, `look again after the ${code} hold`));
    return hold(code, reason, effects, effects.length ? stepKey : undefined);
  };

  if (step > MAX_STEPS) {
    return holdWith(
      "step-limit",
      `${input.alarmName} is still in ALARM after ${MAX_STEPS} steps: automation stops following this episode; a human must look`,
      undefined,
      true,
    );
  }
  const pause = activePause(input.paused, now);
  if (pause) return holdWith("paused", pauseReason(pause), afterCooldown);
  if (st.deploymentInProgressSince) {
    return holdWith(
      "deployment-in-progress",
      `a deployment of ${service} is in progress since ${st.deploymentInProgressSince}: scaling now would fight the rollout`,
      afterCooldown,
    );
  }
  if (st.scalableTarget?.suspended.dynamicScalingOutSuspended) {
    return holdWith(
      "aas-suspended",
      `scale-out of ${service} is suspended in Application Auto Scaling: respecting it`,
      afterCooldown,
    );
  }
  const last = input.recentActions.at(-1);
  if (last && now.getTime() - Date.parse(last.at) < cooldownMs) {
    const until = new Date(Date.parse(last.at) + cooldownMs);
    return holdWith(
      "cooldown",
      `${service} was scaled ${last.from} → ${last.to} at ${last.at} (${last.row}): cooling down until ${until.toISOString()}`,
      until,
    );
  }
  const budget = config.safety.hourlyActionBudget;
  if (input.recentActions.length >= budget) {
    const oldest = input.recentActions[0] as ActionRecord;
    return holdWith(
      "budget-spent",
      `${service} had ${input.recentActions.length} automatic actions in the last hour (budget ${budget}): holding`,
      new Date(Date.parse(oldest.at) + 3_600_000),
    );
  }
  const target = st.scalableTarget;
  if (target && target.minCapacity > target.maxCapacity) {
    return holdWith(
      "invalid-scalable-target",
      `${service}'s scalable target has MinCapacity ${target.minCapacity} above MaxCapacity ${target.maxCapacity}: no bound to act within; a human must fix the target`,
      undefined,
      true,
    );
  }
  if (current >= ceiling) {
    return holdWith("at-ceiling", ceilingMessage(input, current, ceiling), undefined, true);
  }

  const to = nextCapacity({
    current,
    observed: input.observed,
    target: row.scaleOut?.target === "tierTargetCPU" ? size.targetCPU : (row.scaleOut?.target ?? row.threshold),
    maxFactor: row.scaleOut?.maxFactor ?? 2,
    ceiling,
  });
  // A scale-out never lowers the floor: someone (or AAS) may have raised it above this step already.
  if (target && to <= target.minCapacity) {
    return holdWith(
      "floor-above-step",
      `${service}'s floor is already ${target.minCapacity} (desired ${current}), at or above this step's ${to}: AAS brings desired up to the floor; look again after the cooldown`,
      afterCooldown,
    );
  }
  const via = st.scalableTarget ? "floor" : "desired";
  const cost = formatCostDelta(
    current,
    to,
    taskHourCost(size, config.region, config.ecs.services[service].cpuArchitecture),
  );
  const actionText =
    via === "floor"
      ? `${service} floor ${st.scalableTarget?.minCapacity} → ${to} (desired ${current} → ${to})`
      : `${service} desired ${current} → ${to}`;
  const shadow = config.safety.dryRun || config.safety.shadowRows.includes(row.id);
  if (shadow) {
    const effects = [
      ...planNotice(
        notice(input, {
          kind: "hold",
          summary: `shadow mode: would scale ${service} ${current} → ${to}`,
          action: `would scale ${actionText}`,
          costDelta: cost,
        }),
        input.notifications,
      ),
      followUp(afterCooldown, "shadow keeps tracking the episode"),
    ];
    return hold("shadow", `shadow mode: would scale ${service} ${current} → ${to}`, effects, stepKey);
  }

  const service$ = config.ecs.services[service];
  const scale: PlannedEffect = st.scalableTarget
    ? effect(
        {
          type: "applicationautoscaling.RegisterScalableTarget",
          serviceNamespace: "ecs",
          resourceId: ecsResourceId(config.ecs.clusterName, service$.serviceName),
          scalableDimension: "ecs:service:DesiredCount",
          minCapacity: to,
        },
        `raise the floor to ${to} so AAS scales out and target tracking does not scale back in below it`,
      )
    : effect(
        { type: "ecs.UpdateService", cluster: config.ecs.clusterName, service: service$.serviceName, desiredCount: to },
        `${service} has no scalable target: set the desired count directly`,
      );
  const action: ActionRecord = {
    at: now.toISOString(),
    row: row.id,
    episodeKey: input.episodeKey,
    from: current,
    to,
    via,
  };
  const updated: EpisodeRecord = {
    ...episode,
    floorBefore: episode.floorBefore ?? st.scalableTarget?.minCapacity,
    actions: [...episode.actions, action],
  };
  return act(
    `${row.id} on ${service}: scale out ${current} → ${to} (step ${step})`,
    [
      scale,
      effect(scaleOutEpisodeWrite(updated, now), "record the step on the episode"),
      stateWrite(actionItem(input.stage, service, action), "count the action for cooldown and budget"),
      ...(st.scalableTarget
        ? [
            stateWrite(
              floorItem(
                input.stage,
                {
                  service,
                  floorBefore:
                    input.floor && !input.floor.restored ? input.floor.floorBefore : st.scalableTarget.minCapacity,
                  raisedTo: to,
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
      ...planNotice(
        notice(input, {
          kind: "step",
          summary: `${row.title} on ${service}: scaled out ${current} → ${to} tasks (step ${step}, ceiling ${ceiling}).`,
          action: actionText,
          costDelta: cost,
        }),
        input.notifications,
      ),
      followUp(afterCooldown, "EventBridge fires once per state change: look again after the cooldown"),
    ],
    stepKey,
  );
}

function decideClose(input: ScaleInput): Plan {
  const { config, service, serviceState: st, now, episode } = input;
  const tierMin = TIERS[config.tier].services[service].minCapacity;
  const floor = input.floor && !input.floor.restored ? input.floor : undefined;
  const raised = Boolean(floor && st.scalableTarget && st.scalableTarget.minCapacity > tierMin);
  if (episode?.status === "closed") return skip("episode-closed", `episode ${input.episodeKey} is already closed`);
  // No episode: its ALARM may still be on its way (deliveries are not ordered); the mark tells it it is over.
  const openedAt = openedAtOf(input.episodeKey, input.alarmName);
  const mark = episode
    ? undefined
    : stateWrite(
        closingMarkItem({ alarmName: input.alarmName, openedAt, closedAt: input.state.timestamp }, now),
        "mark the episode closed, so its ALARM arriving later is recognised as over",
      );
  const stepKey = `close#${input.episodeKey}`;
  if (!episode && !raised) {
    return {
      ...skip(
        "no-episode",
        `no open episode ${input.episodeKey} and no raised floor on ${service}: nothing to restore`,
      ),
      effects: mark ? [mark] : [],
      stepKey,
    };
  }
  const effects: PlannedEffect[] = episode
    ? [
        effect(
          scaleOutEpisodeWrite({ ...episode, status: "closed", closedAt: now.toISOString() }, now),
          "close the episode",
        ),
      ]
    : mark
      ? [mark]
      : [];
  let reason: string;
  let code: HoldCode | undefined;
  if (raised && input.newerEpisodeSince) {
    code = "newer-episode-active";
    reason = `keeping ${service}'s floor at ${st.scalableTarget?.minCapacity}: ${input.alarmName} is in ALARM again since ${input.newerEpisodeSince} (a newer episode); this late OK closes its own episode only`;
  } else if (raised && input.otherAlarmsFiring.length) {
    code = "other-alarm-active";
    reason = `keeping ${service}'s floor at ${st.scalableTarget?.minCapacity}: ${input.otherAlarmsFiring.join(", ")} still in ALARM`;
  } else if (raised && floor) {
    effects.unshift(
      effect(
        {
          type: "applicationautoscaling.RegisterScalableTarget",
          serviceNamespace: "ecs",
          resourceId: ecsResourceId(config.ecs.clusterName, config.ecs.services[service].serviceName),
          scalableDimension: "ecs:service:DesiredCount",
          minCapacity: tierMin,
        },
        `lower the floor back to the tier minimum (${tierMin}); target tracking scales in gently`,
      ),
      stateWrite(floorItem(input.stage, { ...floor, restored: true }, now), "the floor is the tier minimum again"),
    );
    reason = `${input.alarmName} resolved${episode ? "" : " (the last of the service's scale-out alarms)"}: floor ${st.scalableTarget?.minCapacity} → ${tierMin}`;
  } else {
    reason = `${input.alarmName} resolved: no floor to restore (never scales in by itself)`;
  }
  const duration = episode ? (formatDuration(episode.openedAt, input.state.timestamp) ?? "unknown time") : undefined;
  const taken = episode?.actions.map((a) => `${a.from} → ${a.to} at ${a.at}`).join(", ") || "none";
  effects.push(
    ...planNotice(
      notice(input, {
        kind: "resolved",
        summary: `${input.row.title} on ${service} resolved${duration ? ` after ${duration}` : ""}. ${reason}. Actions taken: ${taken}.`,
      }),
      input.notifications,
    ),
  );
  return code ? hold(code, reason, effects, stepKey) : act(reason, effects, stepKey);
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

function ceilingMessage(input: ScaleInput, current: number, ceiling: number): string {
  const tier = TIERS[input.config.tier];
  const next = nextTier(tier.id);
  const recommendation = next
    ? `Recommend the ${next.name} tier (${input.service} max ${next.services[input.service].maxCapacity} tasks): AWS $${tier.monthlyCost.aws.min}–${tier.monthlyCost.aws.max} → $${next.monthlyCost.aws.min}–${next.monthlyCost.aws.max}/month (+$${next.monthlyCost.aws.min - tier.monthlyCost.aws.min} to +$${next.monthlyCost.aws.max - tier.monthlyCost.aws.max}/month).`
    : `Already at the top tier (${tier.name}): capacity must be raised by hand.`;
  return `${input.service} is at its ceiling (${current} of max ${ceiling}) and ${input.alarmName} still fires. ${recommendation}`;
}

function notice(input: ScaleInput, parts: Pick<Notice, "kind" | "summary"> & Partial<Notice>): Notice {
  const { config, row, service, state, observed } = input;
  const svc = config.ecs.services[service];
  const st = input.serviceState;
  const diagnostics = input.diagnostics;
  return {
    episodeKey: input.episodeKey,
    severity: parts.kind === "resolved" ? "info" : parts.kind === "escalation" ? "critical" : row.severity,
    stage: input.stage,
    row: row.id,
    target: service,
    state: state.value,
    title: row.title,
    fields: [
      { label: "Service", value: `${svc.serviceName} (${config.ecs.clusterName})` },
      {
        label: "Metric",
        value: `${formatValue(observed, row.unit)} vs threshold ${formatValue(row.threshold, row.unit)}`,
      },
      { label: "Window", value: `${row.evaluationPeriods} × ${row.periodSeconds / 60} min` },
      {
        label: "Capacity",
        value: `desired ${st.desiredCount}, running ${st.runningCount}, pending ${st.pendingCount}${st.scalableTarget ? `, floor ${st.scalableTarget.minCapacity}, max ${st.scalableTarget.maxCapacity}` : ", no scalable target"}`,
      },
      ...(diagnostics ? diagnosticFields(diagnostics) : []),
    ],
    links: [
      { text: "CloudWatch alarm", url: alarmConsoleUrl(config.region, input.alarmName) },
      { text: "ECS service", url: ecsServiceConsoleUrl(config.region, config.ecs.clusterName, svc.serviceName) },
    ],
    ...parts,
  };
}

function diagnosticFields(diagnostics: OneServiceDiagnostics): Notice["fields"] {
  if ("unavailable" in diagnostics) {
    return [{ label: "Diagnostics", value: `unavailable: ${diagnostics.unavailable}` }];
  }
  const d: ServiceDiagnostics = diagnostics;
  const series = d.metrics.map((m) => {
    const values = m.points.map((p) => p.value);
    const peak = values.length ? Math.max(...values) : undefined;
    const latest = values.at(-1);
    return `${m.label}: latest ${latest ?? "n/a"}, peak ${peak ?? "n/a"} (${m.points.length} points)`;
  });
  return [
    { label: "Recent deployment", value: d.recentDeployment ? "yes, within 30 min" : "none in 30 min" },
    ...(d.events.length
      ? [
          {
            label: "Last ECS events",
            value: d.events
              .slice(0, 3)
              .map((e) => `${e.at} ${e.message}`)
              .join(" | "),
          },
        ]
      : []),
    ...(series.length ? [{ label: "Last 15 min", value: series.join("; ") }] : []),
  ];
}

function stateWrite(item: Item, reason: string): PlannedEffect {
  return effect({ type: "dynamodb.PutItem", item }, reason);
}
