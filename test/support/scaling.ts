/** Builders for scale-out decision inputs: a healthy service at its tier minimum, overridable per test. */

import { episodeKey, openedAtOf } from "../../core/episodes/key.js";
import { channelsOf, newEpisode } from "../../core/episodes/notifications.js";
import { MATRIX, type RowId } from "../../core/matrix/rows.js";
import { type Service, TIERS, type TierId } from "../../core/matrix/tiers.js";
import type { ScaleInput } from "../../core/scaling/decide.js";
import { testConfig } from "./config.js";

export const NOW = new Date("2026-11-27T03:20:00.000Z");
export const ALARM_AT = "2026-11-27T03:15:21.310+0000";

/** The prod stage's configuration on `tier`, with its live (non-shadow) safety settings. */
export function scaleInput(
  tier: TierId,
  service: Service,
  overrides: Omit<Partial<ScaleInput>, "row"> & { row?: RowId } = {},
): ScaleInput {
  const stage = "prod";
  const config = { ...testConfig(stage), tier };
  const rowId = overrides.row ?? "cpu-high";
  const alarmName = `hero365-${stage}-${rowId}-${service}`;
  const { row: _row, ...rest } = overrides;
  const input: Omit<ScaleInput, "notifications"> = {
    stage,
    config,
    row: MATRIX[rowId],
    service,
    alarmName,
    state: { value: "ALARM", timestamp: ALARM_AT, reason: "Threshold Crossed" },
    observed: 84.2,
    episodeKey: episodeKey(alarmName, ALARM_AT),
    step: 1,
    now: NOW,
    serviceState: serviceAtMinimum(tier, service),
    episode: undefined,
    recentActions: [],
    paused: false,
    otherAlarmsFiring: [],
    ...rest,
  };
  // Nothing was notified yet for the input's episode, unless the test says otherwise.
  const notifications =
    rest.notifications ??
    newEpisode({
      alarmName: input.alarmName,
      openedAt: openedAtOf(input.episodeKey, input.alarmName),
      at: input.state.timestamp,
      channels: channelsOf(config),
    });
  return { ...input, notifications };
}

/** A healthy service at the tier minimum (Growth backend: 3 of 15), with a scalable target, nothing suspended. */
export function serviceAtMinimum(tier: TierId = "growth", service: Service = "backend"): ScaleInput["serviceState"] {
  const size = TIERS[tier].services[service];
  return {
    desiredCount: size.minCapacity,
    runningCount: size.minCapacity,
    pendingCount: 0,
    deploymentInProgressSince: null,
    scalableTarget: {
      minCapacity: size.minCapacity,
      maxCapacity: size.maxCapacity,
      suspended: {
        dynamicScalingInSuspended: false,
        dynamicScalingOutSuspended: false,
        scheduledScalingSuspended: false,
      },
    },
  };
}
