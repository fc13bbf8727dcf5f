/**
 * Reading a CloudWatch alarm state change the way a decision needs it: which row and target it is about,
 * the observed values, and links a human can follow.
 */

import type { AlarmState, AlarmStateChangeEvent } from "../../events/schemas/cloudwatch-alarm.js";
import { ReasonDataSchema } from "../../events/schemas/cloudwatch-alarm.js";
import type { ActionName } from "../actions/index.js";
import { episodeKey } from "../episodes/key.js";
import { type AlarmTarget, MATRIX, type MatrixRow } from "../matrix/rows.js";
import type { FollowUp } from "./follow-up.js";
import { parseAlarmName } from "./name.js";

export interface RoutedAlarm {
  row: MatrixRow;
  target: AlarmTarget;
}

/** The matrix row an alarm belongs to, when it is one of this stage's alarms for `action`. */
export function routeAlarm(alarmName: string, stage: string, action: ActionName): RoutedAlarm | undefined {
  const parsed = parseAlarmName(alarmName);
  if (!parsed || parsed.stage !== stage) return undefined;
  const row = MATRIX[parsed.row];
  if (row.action !== action) return undefined;
  return { row, target: parsed.target };
}

/** The datapoints that made the alarm change state, newest last; empty when CloudWatch sent none. */
export function recentDatapoints(state: AlarmState): number[] {
  if (!state.reasonData) return [];
  try {
    const parsed = ReasonDataSchema.safeParse(JSON.parse(state.reasonData));
    // CloudWatch lists recentDatapoints oldest first.
    return parsed.success ? parsed.data.recentDatapoints : [];
  } catch {
    return [];
  }
}

export function observedValue(state: AlarmState): number | undefined {
  return recentDatapoints(state).at(-1);
}

export function formatValue(value: number | undefined, unit: MatrixRow["unit"]): string {
  if (value === undefined) return "n/a";
  const rounded = Math.round(value * 100) / 100;
  return unit === "Percent" ? `${rounded} %` : `${rounded} s`;
}

export function alarmConsoleUrl(region: string, alarmName: string): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(alarmName)}`;
}

/** Identifies one state transition of one alarm: duplicates of the event share it. */
export function transitionKey(trigger: Pick<AlarmTrigger, "alarmName" | "state">): string {
  return `${trigger.alarmName}#${trigger.state.value}#${trigger.state.timestamp}`;
}

/**
 * The episode an alarm transition belongs to: the ALARM transition's own time, or for OK the time of the
 * ALARM it ends. undefined when the transition ends no ALARM.
 */
export function episodeKeyOfTransition(trigger: Pick<AlarmTrigger, "alarmName" | "state" | "previousState">) {
  if (trigger.state.value === "ALARM") return episodeKey(trigger.alarmName, trigger.state.timestamp);
  if (trigger.previousState?.value === "ALARM") return episodeKey(trigger.alarmName, trigger.previousState.timestamp);
  return undefined;
}

/** Human duration between two instants, e.g. "1 h 5 min". */
export function formatDuration(fromIso: string, toIso: string): string | undefined {
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function ecsServiceConsoleUrl(region: string, cluster: string, service: string): string {
  return `https://${region}.console.aws.amazon.com/ecs/v2/clusters/${encodeURIComponent(cluster)}/services/${encodeURIComponent(service)}/health?region=${region}`;
}

/**
 * What a reaction reacts to: an alarm state change from EventBridge, or a follow-up with the alarm's state
 * as re-read from CloudWatch.
 */
export interface AlarmTrigger {
  /** The EventBridge event id or the SQS message id. */
  id: string;
  alarmName: string;
  state: AlarmState;
  previousState?: AlarmState;
  followUp?: FollowUp;
}

export function triggerFromEvent(event: AlarmStateChangeEvent): AlarmTrigger {
  const { alarmName, state, previousState } = event.detail;
  return { id: event.id, alarmName, state, ...(previousState && { previousState }) };
}
