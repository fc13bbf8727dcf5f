/**
 * What the scaling decision needs to know about a service right now: ECS counts and deployments, and its
 * Application Auto Scaling target (if it has one).
 */
import type { AlarmState } from "../../events/schemas/cloudwatch-alarm.js";
import type { Service } from "../tiers.js";

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
}

/** The same shape as the state in an alarm state change event. */
export type CurrentAlarmState = AlarmState;

/** The kill switch (an SSM parameter): true pauses every automatic action. Read per invocation. */
export interface KillSwitch {
  paused(): Promise<boolean>;
}
