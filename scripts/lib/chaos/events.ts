/**
 * CloudWatch "Alarm State Change" events for a history's transitions, shaped like the samples under
 * events/cloudwatch/ (the template of each row and state) with the deployed alarm's description and metrics.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { AlarmState, AlarmStateChangeEvent } from "../../../events/schemas/cloudwatch-alarm.js";
import { cloudWatchTime } from "../../../sim/cloudwatch.js";
import type { DeployedAlarm } from "../../../sim/local/alarms.js";
import type { DrivenAlarm, Transition } from "./history.js";

const SAMPLES = path.resolve(import.meta.dirname, "../../../events/cloudwatch");
const FILE_OF_STATE = { ALARM: "alarm", OK: "ok", INSUFFICIENT_DATA: "insufficient-data" } as const;

const templates = new Map<string, AlarmStateChangeEvent>();

function template(row: string, state: AlarmState["value"]): AlarmStateChangeEvent {
  const file = `${row}.${FILE_OF_STATE[state]}.json`;
  let event = templates.get(file);
  if (!event) {
    event = JSON.parse(readFileSync(path.join(SAMPLES, file), "utf8")) as AlarmStateChangeEvent;
    templates.set(file, event);
  }
  return structuredClone(event);
}

/** The alarm's state as CloudWatch reports it (in the event, and from DescribeAlarms). */
export function alarmState(alarm: DrivenAlarm, value: AlarmState["value"], since: number, level: number): AlarmState {
  const { row } = alarm;
  const reasonData = {
    version: "1.0",
    queryDate: cloudWatchTime(new Date(since)),
    period: row.periodSeconds,
    recentDatapoints: value === "INSUFFICIENT_DATA" ? [] : [Math.round(row.threshold * level * 1000) / 1000],
    threshold: row.threshold,
  };
  const reason =
    value === "ALARM"
      ? `Threshold Crossed: datapoint ${reasonData.recentDatapoints[0]} was greater than the threshold (${row.threshold}).`
      : value === "OK"
        ? `Threshold Crossed: datapoint ${reasonData.recentDatapoints[0]} was not greater than the threshold (${row.threshold}).`
        : `Insufficient Data: ${row.evaluationPeriods} datapoints were unknown.`;
  return { value, reason, reasonData: JSON.stringify(reasonData), timestamp: cloudWatchTime(new Date(since)) };
}

export function stateChangeEvent(
  alarm: DrivenAlarm,
  deployed: DeployedAlarm | undefined,
  transition: Transition,
  id: string,
): AlarmStateChangeEvent {
  const event = template(alarm.row.id, transition.to);
  const at = new Date(transition.at);
  const region = event.region;
  event.id = id;
  event.time = `${at.toISOString().slice(0, 19)}Z`;
  event.resources = [`arn:aws:cloudwatch:${region}:${event.account}:alarm:${alarm.name}`];
  event.detail.alarmName = alarm.name;
  event.detail.state = alarmState(alarm, transition.to, transition.at, transition.level);
  event.detail.previousState = alarmState(alarm, transition.from, transition.fromSince, transition.level);
  if (deployed) {
    event.detail.configuration = {
      ...event.detail.configuration,
      description: deployed.description,
      metrics: structuredClone(deployed.metrics),
    };
  }
  return event;
}
