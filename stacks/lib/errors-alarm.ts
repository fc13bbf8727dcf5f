import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";

/**
 * An alarm on a function's Errors, for a function no DLQ watches for every failure (a Function URL answers its
 * caller, a schedule's run that fails is not an event to keep), published to the alerts topic. It fires on the
 * first error of a period unless the window says otherwise.
 */
export function functionErrorsAlarm(
  scope: Construct,
  id: string,
  opts: {
    fn: lambda.IFunction;
    alarmName: string;
    alerts: sns.ITopic;
    /** What the alarm tells the person it wakes. */
    description: string;
    window?: { periodSeconds: number; evaluationPeriods: number; datapointsToAlarm: number };
  },
): cloudwatch.Alarm {
  const window = opts.window ?? { periodSeconds: 60, evaluationPeriods: 1, datapointsToAlarm: undefined };
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmName: opts.alarmName,
    alarmDescription: opts.description,
    metric: opts.fn.metricErrors({ period: Duration.seconds(window.periodSeconds), statistic: "Sum" }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: window.evaluationPeriods,
    datapointsToAlarm: window.datapointsToAlarm,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new actions.SnsAction(opts.alerts));
  return alarm;
}
