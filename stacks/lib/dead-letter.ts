import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";

/**
 * A dead-letter queue that someone will notice: 14 days of retention and an alarm, published to the alerts
 * topic, as soon as one message lands in it (DESIGN.md §4.8: every DLQ has an alarm).
 */
export function deadLetterQueue(
  scope: Construct,
  id: string,
  opts: {
    stage: string;
    name: string;
    alerts: sns.ITopic;
    /** What the alarm tells the person it wakes, when the default (events a function could not process) is wrong. */
    description?: string;
    maxMessageSizeBytes?: number;
    /** For a queue that has a consumer: how long a received message stays hidden, and where it goes after. */
    consumed?: { visibilityTimeout: Duration; deadLetterQueue: sqs.DeadLetterQueue };
  },
) {
  const queue = new sqs.Queue(scope, id, {
    retentionPeriod: Duration.days(14),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    maxMessageSizeBytes: opts.maxMessageSizeBytes,
    ...(opts.consumed && {
      visibilityTimeout: opts.consumed.visibilityTimeout,
      deadLetterQueue: opts.consumed.deadLetterQueue,
    }),
  });
  const alarm = new cloudwatch.Alarm(scope, `${id}-Depth`, {
    alarmName: `hero365-${opts.stage}-dlq-${opts.name}`,
    alarmDescription:
      opts.description ??
      `Events that ${opts.name} could not process are waiting in its dead-letter queue; each message carries the reason. Fix the cause, then redrive.`,
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(1),
      statistic: "Maximum",
    }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new actions.SnsAction(opts.alerts));
  return { queue, alarm };
}
