import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import { type StackContext, use } from "sst/constructs";
import { PIPELINE_NAMESPACE, SECRET_MISSING } from "../core/adapters/aws/emf-pipeline-metrics.js";
import { Core } from "./Core.js";
import { actionReactions } from "./lib/alarm-reaction.js";

/**
 * The reactions registered for this stack: `notify`, for the monitoring rows (`cpu-critical`,
 * `memory-critical`), tells the alerts topic. And the alarm that says a
 * secret the stage uses is not set: its channel fails quietly otherwise (the others still go out), so it is
 * told by email through the alerts topic, which needs no secret.
 */
export function Reactions({ stack, app }: StackContext) {
  const core = use(Core);
  const reactions = actionReactions(stack, "Reactions", { stage: app.stage, core });
  const secretMissing = new cloudwatch.Alarm(stack, "SecretMissing", {
    alarmName: `hero365-${app.stage}-secret-missing`,
    alarmDescription: `A function of stage ${app.stage} needed a secret that is not set: that channel's effects are recorded as unsent (the audit names them; the SecretMissing metric by Secret says which). Set it with npx sst secrets set <NAME> <value> --stage ${app.stage}.`,
    metric: new cloudwatch.Metric({
      namespace: PIPELINE_NAMESPACE,
      metricName: SECRET_MISSING,
      dimensionsMap: { Stage: app.stage },
      statistic: "Sum",
      period: Duration.minutes(5),
    }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  secretMissing.addAlarmAction(new actions.SnsAction(core.alerts));
  return { reactions, secretMissing };
}
