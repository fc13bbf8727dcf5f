/** Builders for reconciler decision inputs: the prod stage (Growth tier), converged, overridable per test. */

import { channelsOf, newEpisode } from "../../core/episodes/notifications.js";
import type { EpisodeRecord } from "../../core/episodes/scaling.js";
import { MATRIX, type RowId } from "../../core/matrix/rows.js";
import type { Service } from "../../core/matrix/tiers.js";
import type { OpenEpisode, ReconcileInput } from "../../core/reconcile/input.js";
import type { CurrentAlarmState } from "../../core/scaling/service-state.js";
import { testConfig } from "./config.js";

export const STAGE = "prod";
export const RUN_AT = new Date("2026-11-27T04:00:30.000Z");
export const OPENED_AT = "2026-11-27T03:15:21.310+0000";

export function reconcileInput(overrides: Partial<ReconcileInput> = {}): ReconcileInput {
  return {
    stage: STAGE,
    config: testConfig(STAGE),
    now: RUN_AT,
    period: "2026-11-27T04:00:00.000Z",
    paused: false,
    alarms: new Map(),
    floors: {},
    episodes: [],
    ...overrides,
  };
}

export function alarmState(value: CurrentAlarmState["value"], since: string): CurrentAlarmState {
  return { value, reason: `state ${value}`, timestamp: since };
}

/** A raised floor on `service`: the pipeline raised AAS min to `min` (max per the Growth tier). */
export function raisedFloor(service: Service, min: number, max = service === "backend" ? 15 : 8) {
  return {
    record: {
      service,
      floorBefore: service === "backend" ? 3 : 2,
      raisedTo: min,
      raisedAt: "2026-11-27T03:15:22.000Z",
      raisedBy: `hero365-prod-cpu-high-${service}#${OPENED_AT}`,
      restored: false,
    },
    state: {
      desiredCount: min,
      runningCount: min,
      pendingCount: 0,
      deploymentInProgressSince: null,
      scalableTarget: {
        minCapacity: min,
        maxCapacity: max,
        suspended: {
          dynamicScalingInSuspended: false,
          dynamicScalingOutSuspended: false,
          scheduledScalingSuspended: false,
        },
      },
    },
  };
}

/** An open episode of `row` on `target` that notified (and, for error-rate-high, paged) at `lastNoticeAt`. */
export function openEpisode(
  row: RowId,
  target: Service,
  overrides: Partial<OpenEpisode> & { paged?: boolean } = {},
): OpenEpisode {
  const alarmName = `hero365-${STAGE}-${row}-${target}`;
  const { paged, ...rest } = overrides;
  const notifications = {
    ...newEpisode({
      alarmName,
      openedAt: OPENED_AT,
      at: RUN_AT.toISOString(),
      channels: channelsOf(testConfig(STAGE)),
      phase: "open",
    }),
    slack: { channel: "C0HERO365", ts: "1795789270.000100" },
    paged: paged ?? row === "error-rate-high",
  };
  return {
    alarmName,
    row: MATRIX[row],
    target,
    notifications,
    lastNoticeAt: "2026-11-27T03:15:23.000Z",
    latest: true,
    ...rest,
  };
}

export function scaleEpisode(target: Service, overrides: Partial<EpisodeRecord> = {}): EpisodeRecord {
  const alarmName = `hero365-${STAGE}-cpu-high-${target}`;
  return {
    episodeKey: `${alarmName}#${OPENED_AT}`,
    alarmName,
    row: "cpu-high",
    service: target,
    status: "open",
    openedAt: OPENED_AT,
    floorBefore: 3,
    actions: [
      {
        at: "2026-11-27T03:15:22.000Z",
        row: "cpu-high",
        episodeKey: `${alarmName}#${OPENED_AT}`,
        from: 3,
        to: 5,
        via: "floor",
      },
    ],
    notifiedHolds: [],
    escalated: false,
    ...overrides,
  };
}
