/**
 * What the scaling decision needs to know about a service right now: ECS counts and deployments, and its
 * Application Auto Scaling target (if it has one).
 */
import type { AlarmState } from "../../events/schemas/cloudwatch-alarm.js";
import type { Service } from "../matrix/tiers.js";
import type { KillSwitchState } from "./kill-switch.js";

export interface ScalableTargetState {
  minCapacity: number;
  maxCapacity: number;
  suspended: {
    dynamicScalingInSuspended: boolean;
    dynamicScalingOutSuspended: boolean;
    scheduledScalingSuspended: boolean;
  };
}

export interface ServiceState {
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  /** A rolling deployment that has not completed, since when. */
  deploymentInProgressSince: string | null;
  /** null: the service has no scalable target (fallback: ecs.UpdateService). */
  scalableTarget: ScalableTargetState | null;
}

/** Reads services' current state (ECS DescribeServices + AAS DescribeScalableTargets). */
export interface ServiceStateReader {
  read(service: Service): Promise<ServiceState>;
}

/** Current states of alarms (CloudWatch DescribeAlarms). */
export interface AlarmStateReader {
  /** undefined when the alarm does not exist. */
  read(alarmName: string): Promise<CurrentAlarmState | undefined>;
  /**
   * Many alarms in one call (DescribeAlarms takes up to 100 names); an alarm that does not exist is absent from
   * the map. Optional: `readAlarms` falls back to one `read` per name for readers without it.
   */
  readMany?(alarmNames: readonly string[]): Promise<Map<string, CurrentAlarmState>>;
}

/**
 * The current states of `alarmNames`, in as few calls as the reader allows.
 * @example (await readAlarms(reader, ["hero365-prod-cpu-high-backend"])).get("hero365-prod-cpu-high-backend")?.value // "OK"
 */
export async function readAlarms(
  reader: AlarmStateReader,
  alarmNames: readonly string[],
): Promise<Map<string, CurrentAlarmState>> {
  if (reader.readMany) return reader.readMany(alarmNames);
  const states = await Promise.all(alarmNames.map(async (name) => [name, await reader.read(name)] as const));
  return new Map(states.filter((entry): entry is [string, CurrentAlarmState] => entry[1] !== undefined));
}

/** The same shape as the state in an alarm state change event. */
export type CurrentAlarmState = AlarmState;

/**
 * The kill switch (an SSM parameter): `true` or a pause (who, until when) holds every automatic action.
 * Read per invocation; the decisions drop an expired pause (core/scaling/kill-switch.ts).
 */
export interface KillSwitch {
  paused(): Promise<KillSwitchState>;
}
