import { Duration } from "aws-cdk-lib";
import * as destinations from "aws-cdk-lib/aws-lambda-destinations";
import { Cron, Function as SstFunction, type StackContext, use } from "sst/constructs";
import { SERVICES } from "../core/matrix/tiers.js";
import { FOLLOW_UP_QUEUE_ENV, RECONCILE, reconcilerErrorsAlarmName } from "../core/reconcile/spec.js";
import { Core } from "./Core.js";
import { boundSecrets, stageEnvironment } from "./lib/alarm-reaction.js";
import { deadLetterQueue } from "./lib/dead-letter.js";
import { functionErrorsAlarm } from "./lib/errors-alarm.js";
import { policyStatements } from "./lib/permissions.js";
import { Paging } from "./Paging.js";
import { Scaling } from "./Scaling.js";

/**
 * The reconciler (DESIGN.md §4.10): on a schedule, it converges what the reactions left behind with the alarms
 * as they are, so a lost event or a crash mid-step heals within one period. Its failures land in a DLQ and its
 * errors alarm; IAM comes from its declared permissions only.
 */
export function Reconciler({ stack, app }: StackContext) {
  const core = use(Core);
  const { scaleEcs, killSwitch } = use(Scaling);
  const { pageOncall } = use(Paging);
  const { config } = core;
  const { account, region } = stack;
  const stage = app.stage;
  const name = RECONCILE.functionName;
  const followUpQueues = { "scale-ecs": scaleEcs.followUps, "page-oncall": pageOncall.followUps };

  const dlq = deadLetterQueue(stack, `${name}-dlq`, { stage, name, alerts: core.alerts });
  const fn = new SstFunction(stack, `fn-${name}`, {
    handler: `functions/${name}.handler`,
    description: `hero365 ${stage}: ${RECONCILE.description}`,
    timeout: RECONCILE.timeoutSeconds,
    bind: boundSecrets(core, name),
    environment: {
      ...stageEnvironment(core),
      STATE_TABLE_NAME: core.state.tableName,
      ALERTS_TOPIC_ARN: core.alerts.topicArn,
      ONCALL_TOPIC_ARN: core.onCall.topicArn,
      KILL_SWITCH_PARAMETER: killSwitch.parameterName,
      ...Object.fromEntries(
        Object.entries(followUpQueues).flatMap(([fnName, queue]) =>
          queue && FOLLOW_UP_QUEUE_ENV[fnName] ? [[FOLLOW_UP_QUEUE_ENV[fnName], queue.queueUrl]] : [],
        ),
      ),
    },
  });
  fn.attachPermissions(
    policyStatements(stack, RECONCILE.permissions, {
      stateTable: [core.state.tableArn],
      alertsTopic: [core.alerts.topicArn],
      onCallTopic: [core.onCall.topicArn],
      followUpQueue: Object.values(followUpQueues).flatMap((q) => (q ? [q.queueArn] : [])),
      killSwitchParameter: [killSwitch.parameterArn],
      // A personal stage reads the alarms of the stage it shadows.
      stageAlarms: [`arn:aws:cloudwatch:${region}:${account}:alarm:hero365-${config.alarmStage}-*`],
      ecsServices: SERVICES.map(
        (s) =>
          `arn:aws:ecs:${region}:${account}:service/${config.ecs.clusterName}/${config.ecs.services[s].serviceName}`,
      ),
      // CloudFormation exposes no scalable-target ARN (aws-cdk#28423): scoped to this account and region.
      scalableTargets: [`arn:aws:application-autoscaling:${region}:${account}:scalable-target/*`],
    }),
  );
  fn.configureAsyncInvoke({
    retryAttempts: RECONCILE.retryAttempts,
    maxEventAge: Duration.minutes(RECONCILE.periodMinutes),
    onFailure: new destinations.SqsDestination(dlq.queue),
  });
  new Cron(stack, "ReconcileCron", {
    schedule: RECONCILE.schedule,
    job: {
      function: fn,
      cdk: {
        target: {
          retryAttempts: 0,
          maxEventAge: Duration.minutes(RECONCILE.periodMinutes),
          deadLetterQueue: dlq.queue,
        },
      },
    },
  });

  const spec = RECONCILE.errorsAlarm;
  const errors = functionErrorsAlarm(stack, "ReconcileErrors", {
    fn,
    alarmName: reconcilerErrorsAlarmName(stage),
    alerts: core.alerts,
    description: `The reconciler failed in ${spec.datapointsToAlarm} periods in a row: floors, pages and episodes left behind by lost events are not healed meanwhile. Its log and its dead-letter queue say why.`,
    window: spec,
  });

  return { fn, dlq, errors };
}
