/**
 * What the scale-out decision reads (core/scaling/decide.ts), and the holds it can answer with.
 */
import type { StageConfig } from "../config/index.js";
import type { EpisodeNotifications } from "../episodes/notifications.js";
import type { ActionRecord, EpisodeRecord, FloorRecord } from "../episodes/scaling.js";
import type { MatrixRow } from "../matrix/rows.js";
import type { Service } from "../matrix/tiers.js";
import type { OneServiceDiagnostics } from "../notifications/diagnostics-text.js";
import type { KillSwitchState } from "./kill-switch.js";
import type { ServiceState } from "./service-state.js";

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
