import { Duration } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as destinations from "aws-cdk-lib/aws-lambda-destinations";
import { EventBus, Function as SstFunction, type StackContext, use } from "sst/constructs";
import { ACTIONS, type ActionName } from "../core/actions.js";
import { alarmPrefix } from "../core/alarm-name.js";
import { rowsForAction } from "../core/matrix.js";
import { Core } from "./Core.js";
import { deadLetterQueue } from "./lib/dead-letter.js";
import { policyStatements } from "./lib/permissions.js";

/** The reactions deployed so far; each is an action of core/actions.ts. */
export const DEPLOYED_ACTIONS: readonly ActionName[] = ["notify"];

/** Lambda async retries and the rule target's retries: a bad event is retried a little, then parked. */
export const RETRY = { attempts: 2, maxEventAge: Duration.hours(1) };

/**
 * One function per reaction, triggered by a rule on the default bus that matches its rows' alarm names
 * (ALARM and OK; INSUFFICIENT_DATA never acts). Each has one DLQ for both failure paths: the rule's delivery
 * failures and the function's own failures after Lambda's async retries.
 */
export function Reactions({ stack, app }: StackContext) {
  const { state, alerts, onCall } = use(Core);
  const defaultBus = new EventBus(stack, "DefaultBus", {
    cdk: { eventBus: events.EventBus.fromEventBusName(stack, "ImportedDefaultBus", "default") },
  });

  const functions: Partial<Record<ActionName, SstFunction>> = {};
  for (const action of DEPLOYED_ACTIONS) {
    const spec = ACTIONS[action];
    const name = spec.functionName;
    const dlq = deadLetterQueue(stack, `${name}-dlq`, { stage: app.stage, name, alerts });
    const fn = new SstFunction(stack, `fn-${name}`, {
      handler: `functions/${name}.handler`,
      description: `hero365 ${app.stage}: ${spec.description}`,
      environment: {
        STATE_TABLE_NAME: state.tableName,
        ALERTS_TOPIC_ARN: alerts.topicArn,
        ONCALL_TOPIC_ARN: onCall.topicArn,
      },
    });
    fn.attachPermissions(
      policyStatements(stack, spec.permissions, {
        stateTable: [state.tableArn],
        alertsTopic: [alerts.topicArn],
        onCallTopic: [onCall.topicArn],
      }),
    );
    fn.configureAsyncInvoke({
      retryAttempts: RETRY.attempts,
      maxEventAge: RETRY.maxEventAge,
      onFailure: new destinations.SqsDestination(dlq.queue),
    });
    defaultBus.addRules(stack, {
      [name]: {
        pattern: {
          source: ["aws.cloudwatch"],
          detailType: ["CloudWatch Alarm State Change"],
          detail: {
            alarmName: rowsForAction(action).map((row) => ({ prefix: alarmPrefix(app.stage, row.id) })),
            state: { value: ["ALARM", "OK"] },
          },
        },
        targets: {
          [name]: {
            function: fn,
            cdk: {
              target: {
                retryAttempts: RETRY.attempts,
                maxEventAge: RETRY.maxEventAge,
                deadLetterQueue: dlq.queue,
              },
            },
          },
        },
      },
    });
    functions[action] = fn;
  }
  return { functions, defaultBus };
}
