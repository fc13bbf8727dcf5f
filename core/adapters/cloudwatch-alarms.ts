/** Current alarm states through CloudWatch DescribeAlarms (what a follow-up re-reads). */
import { type CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import type { AlarmStateReader } from "../scaling/service-state.js";

export function cloudWatchAlarmReader(client: CloudWatchClient): AlarmStateReader {
  return {
    async read(alarmName) {
      const { MetricAlarms, CompositeAlarms } = await client.send(
        new DescribeAlarmsCommand({ AlarmNames: [alarmName], AlarmTypes: ["MetricAlarm", "CompositeAlarm"] }),
      );
      const alarm = MetricAlarms?.[0] ?? CompositeAlarms?.[0];
      if (!alarm?.StateValue) return undefined;
      return {
        value: alarm.StateValue,
        reason: alarm.StateReason ?? "",
        ...(alarm.StateReasonData && { reasonData: alarm.StateReasonData }),
        timestamp: (alarm.StateUpdatedTimestamp ?? new Date(0)).toISOString(),
      };
    },
  };
}
