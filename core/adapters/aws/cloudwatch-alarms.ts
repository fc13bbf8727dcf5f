/** Current alarm states through CloudWatch DescribeAlarms (what a follow-up and the reconciler re-read). */
import { type CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import type { AlarmStateReader, CurrentAlarmState } from "../../scaling/service-state.js";

/** DescribeAlarms accepts at most 100 alarm names per call. */
const NAMES_PER_CALL = 100;

/** What metric and composite alarms of DescribeAlarms share; only composites carry the suppression. */
type Described = {
  StateValue?: string;
  StateReason?: string;
  StateReasonData?: string;
  StateUpdatedTimestamp?: Date;
  StateTransitionedTimestamp?: Date;
  ActionsSuppressedBy?: string;
  ActionsSuppressedReason?: string;
};

export function cloudWatchAlarmReader(client: CloudWatchClient): Required<AlarmStateReader> {
  return {
    async read(alarmName) {
      const { MetricAlarms, CompositeAlarms } = await client.send(
        new DescribeAlarmsCommand({ AlarmNames: [alarmName], AlarmTypes: ["MetricAlarm", "CompositeAlarm"] }),
      );
      const alarm = MetricAlarms?.[0] ?? CompositeAlarms?.[0];
      return alarm ? stateOf(alarm) : undefined;
    },
    async readMany(alarmNames) {
      const states = new Map<string, CurrentAlarmState>();
      for (let i = 0; i < alarmNames.length; i += NAMES_PER_CALL) {
        let nextToken: string | undefined;
        do {
          const page = await client.send(
            new DescribeAlarmsCommand({
              AlarmNames: alarmNames.slice(i, i + NAMES_PER_CALL),
              AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
              MaxRecords: NAMES_PER_CALL,
              NextToken: nextToken,
            }),
          );
          for (const alarm of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])]) {
            const state = stateOf(alarm);
            if (alarm.AlarmName && state) states.set(alarm.AlarmName, state);
          }
          nextToken = page.NextToken;
        } while (nextToken);
      }
      return states;
    },
  };
}

function stateOf(alarm: Described): CurrentAlarmState | undefined {
  if (!alarm.StateValue) return undefined;
  // The transition's time, as the state change event has it: StateUpdatedTimestamp also moves when only the
  // reason is updated, which would make a current episode look newer than its own event.
  const since = alarm.StateTransitionedTimestamp ?? alarm.StateUpdatedTimestamp ?? new Date(0);
  return {
    value: alarm.StateValue as CurrentAlarmState["value"],
    reason: alarm.StateReason ?? "",
    ...(alarm.StateReasonData && { reasonData: alarm.StateReasonData }),
    timestamp: since.toISOString(),
    ...(alarm.ActionsSuppressedBy && {
      actionsSuppressedBy: alarm.ActionsSuppressedBy,
      ...(alarm.ActionsSuppressedReason && { actionsSuppressedReason: alarm.ActionsSuppressedReason }),
    }),
  };
}
