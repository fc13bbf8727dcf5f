/** Current alarm states through CloudWatch DescribeAlarms (what a follow-up re-reads). */
import { type CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import type { AlarmStateReader } from "../scaling/service-state.js";

export function cloudWatchAlarmReader(client: CloudWatchClient): AlarmStateReader {
  return {
    async read(alarmName) {
      const { MetricAlarms, CompositeAlarms } = await client.send(
        new DescribeAlarmsCommand({ AlarmNames: [alarmName], AlarmTypes: ["MetricAlarm", "CompositeAlarm"] }),
      );
      const composite = CompositeAlarms?.[0];
      const alarm = MetricAlarms?.[0] ?? composite;
      if (!alarm?.StateValue) return undefined;
      // The transition's time, as the state change event has it: StateUpdatedTimestamp also moves when only
      // the reason is updated, which would make a current episode look newer than its own event.
      const since = alarm.StateTransitionedTimestamp ?? alarm.StateUpdatedTimestamp ?? new Date(0);
      return {
        value: alarm.StateValue,
        reason: alarm.StateReason ?? "",
        ...(alarm.StateReasonData && { reasonData: alarm.StateReasonData }),
        timestamp: since.toISOString(),
        ...(composite?.ActionsSuppressedBy && {
          actionsSuppressedBy: composite.ActionsSuppressedBy,
          ...(composite.ActionsSuppressedReason && { actionsSuppressedReason: composite.ActionsSuppressedReason }),
        }),
      };
    },
  };
}
