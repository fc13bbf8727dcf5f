import { Duration } from "aws-cdk-lib";
import * as destinations from "aws-cdk-lib/aws-lambda-destinations";
import { Cron, Function as SstFunction, type StackContext, use } from "sst/constructs";
import { ACTION_NAMES, ACTIONS, followUpQueueEnv } from "../core/actions/index.js";
import { RECONCILE, reconcilerErrorsAlarmName } from "../core/reconcile/spec.js";
import { Core } from "./Core.js";
import { boundSecrets, reactionEnvironment } from "./lib/alarm-reaction.js";
import { deadLetters, scheduleRuleName } from "./lib/dead-letter.js";
import { functionErrorsAlarm } from "./lib/errors-alarm.js";
import { policyStatements } from "./lib/permissions.js";
import { stageResources } from "./lib/resources.js";
import { Paging } from "./Paging.js";
import { Scaling } from "./Scaling.js";

/**
 * The reconciler (DESIGN.md §4.10): on a schedule, it converges what the reactions left behind with the alarms
 * as they are, so a lost event or a crash mid-step heals within one period. Its failures land in the stage's
 * dead-letter queue and its errors alarm; IAM comes from its declared permissions only.
 */
export function Reconciler({ stack, app }: StackContext) {
  const core = use(Core);
  const scaling = use(Scaling);
  const reactions = { ...scaling.reactions, ...use(Paging).reactions };
  const { killSwitch } = scaling;
  const stage = app.stage;
  const name = RECONCILE.functionName;
  // The follow-up queue of every registered action that has one: the reconciler restarts chains gone silent.
  const followUpQueues = ACTION_NAMES.filter((action) => ACTIONS[action].followUps).map((action) => {
    const queue = reactions[action]?.followUps;
    if (!queue) {
      throw new Error(
        `stack ${stack.stackName}: action "${action}" sends follow-ups, but the reconciler does not read its stack (${ACTIONS[action].stack})`,
      );
    }
    return { functionName: ACTIONS[action].functionName, queue };
  });

  const dlq = deadLetters(stack, core);
  const fn = new SstFunction(stack, `fn-${name}`, {
    handler: `functions/${name}.handler`,
    description: `hero365 ${stage}: ${RECONCILE.description}`,
    timeout: RECONCILE.timeoutSeconds,
    bind: boundSecrets(core, name),
    environment: {
      ...reactionEnvironment(core),
      KILL_SWITCH_PARAMETER: killSwitch.parameterName,
      ...Object.fromEntries(
        followUpQueues.map(({ functionName, queue }) => [followUpQueueEnv(functionName), queue.queueUrl]),
      ),
    },
  });
  fn.attachPermissions(
    policyStatements(stack, RECONCILE.permissions, {
      ...stageResources(stack, core, { killSwitch }),
      followUpQueue: followUpQueues.map(({ queue }) => queue.queueArn),
    }),
  );
  fn.configureAsyncInvoke({
    retryAttempts: RECONCILE.retryAttempts,
    maxEventAge: Duration.minutes(RECONCILE.periodMinutes),
    onFailure: new destinations.SqsDestination(dlq),
  });
  new Cron(stack, "ReconcileCron", {
    schedule: RECONCILE.schedule,
    job: {
      function: fn,
      cdk: {
        target: {
          retryAttempts: 0,
          maxEventAge: Duration.minutes(RECONCILE.periodMinutes),
          deadLetterQueue: dlq,
        },
      },
    },
    cdk: { rule: { ruleName: scheduleRuleName(app, name) } },
  });

  const spec = RECONCILE.errorsAlarm;
  const errors = functionErrorsAlarm(stack, "ReconcileErrors", {
    fn,
    alarmName: reconcilerErrorsAlarmName(stage),
    alerts: core.alerts,
    description: `The reconciler failed in ${spec.datapointsToAlarm} periods in a row: floors, pages and episodes left behind by lost events are not healed meanwhile. Its log and the dead-letter queue say why.`,
    window: spec,
  });

  return { fn, errors };
}
