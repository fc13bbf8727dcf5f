import { Duration, type Stack } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as destinations from "aws-cdk-lib/aws-lambda-destinations";
import * as eventSources from "aws-cdk-lib/aws-lambda-event-sources";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { EventBus, Function as SstFunction } from "sst/constructs";
import {
  ACTION_NAMES,
  ACTIONS,
  type ActionName,
  type ActionSpec,
  handlerOf,
  type ReactionStack,
} from "../../core/actions/index.js";
import { alarmPrefix } from "../../core/alarms/name.js";
import { secretsOf } from "../../core/config/required-secrets.js";
import { rowsForAction } from "../../core/matrix/rows.js";
import type { CoreResources } from "../Core.js";
import { deadLetters } from "./dead-letter.js";
import { RETRY as DELIVERY_RETRY, FOLLOW_UP_MAX_RECEIVES } from "./delivery.js";
import { policyStatements } from "./permissions.js";
import { type KillSwitch, stageResources } from "./resources.js";

/**
 * The secrets a function of this stage reads, and no other: `sst/node/config` fails its whole import when any
 * bound secret is unset, so an unused secret must not be bound.
 */
export function boundSecrets(core: CoreResources, functionName: string) {
  return secretsOf(core.config, functionName).map((name) => core.secrets[name]);
}

/**
 * The alarms of the rows an action serves, for its `cloudwatch:DescribeAlarms` (the freshness check): a
 * personal stage reads the alarms of the stage it shadows.
 */
export function rowAlarmArns(stack: Stack, core: CoreResources, action: ActionName): string[] {
  return rowsForAction(action).map(
    (row) =>
      `arn:aws:cloudwatch:${stack.region}:${stack.account}:alarm:${alarmPrefix(core.config.alarmStage, row.id)}*`,
  );
}

/** A personal stage's functions record their effects and apply none (the runtime's dry-run). */
export function stageEnvironment(core: CoreResources): Record<string, string> {
  return core.config.role.kind === "personal" ? { HERO365_DRY_RUN: "true" } : {};
}

/** What every function that reacts to alarms reads: the dry-run flag, the state table and the topics. */
export function reactionEnvironment(core: CoreResources): Record<string, string> {
  return {
    ...stageEnvironment(core),
    STATE_TABLE_NAME: core.state.tableName,
    ALERTS_TOPIC_ARN: core.alerts.topicArn,
    ONCALL_TOPIC_ARN: core.onCall.topicArn,
  };
}

/** Lambda async retries and the rule target's retries (delivery.ts), as the constructs take them. */
export const RETRY = {
  attempts: DELIVERY_RETRY.attempts,
  maxEventAge: Duration.seconds(DELIVERY_RETRY.maxEventAgeSeconds),
};

export interface AlarmReactionOptions {
  stage: string;
  core: CoreResources;
  action: ActionName;
  /** The stage's kill switch, for an action whose permissions name it (it is told the parameter's name too). */
  killSwitch?: KillSwitch;
}

/**
 * The function of one reaction, triggered by a rule on the default bus that matches its rows' alarm names
 * (ALARM and OK; INSUFFICIENT_DATA never acts). The stage's dead-letter queue (with its alarm) catches every
 * failure path: the rule's delivery failures, the function's own failures after Lambda's async retries, and
 * follow-ups that keep failing. IAM comes from the action's declared permissions only.
 */
export function alarmReaction(stack: Stack, options: AlarmReactionOptions) {
  const { stage, core, action, killSwitch } = options;
  const spec: ActionSpec = ACTIONS[action];
  const name = spec.functionName;
  const dlq = deadLetters(stack, core);
  const props = spec.timeoutSeconds === undefined ? {} : { timeout: spec.timeoutSeconds };
  const timeout = Duration.seconds(spec.timeoutSeconds ?? 30);
  const readsKillSwitch = spec.permissions.some((p) => p.resources.includes("killSwitchParameter"));
  const followUps = spec.followUps
    ? new sqs.Queue(stack, `${name}-follow-ups`, {
        // Lambda's guidance: at least 6 × the function timeout, so a slow batch is not delivered twice.
        visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: dlq, maxReceiveCount: FOLLOW_UP_MAX_RECEIVES },
      })
    : undefined;
  const fn = new SstFunction(stack, `fn-${name}`, {
    handler: handlerOf(spec),
    description: `hero365 ${stage}: ${spec.description}`,
    ...props,
    // Read inside the invocation only.
    bind: boundSecrets(core, name),
    environment: {
      ...reactionEnvironment(core),
      ...(followUps && { FOLLOW_UP_QUEUE_URL: followUps.queueUrl }),
      ...(readsKillSwitch && killSwitch && { KILL_SWITCH_PARAMETER: killSwitch.parameterName }),
    },
  });
  fn.attachPermissions(
    policyStatements(stack, spec.permissions, {
      ...stageResources(stack, core, { killSwitch }),
      rowAlarms: rowAlarmArns(stack, core, action),
      ...(followUps && { followUpQueue: [followUps.queueArn] }),
    }),
  );
  if (followUps) {
    fn.addEventSource(new eventSources.SqsEventSource(followUps, { batchSize: 10, reportBatchItemFailures: true }));
  }
  fn.configureAsyncInvoke({
    retryAttempts: RETRY.attempts,
    maxEventAge: RETRY.maxEventAge,
    onFailure: new destinations.SqsDestination(dlq),
  });
  const bus = new EventBus(stack, `DefaultBus-${name}`, {
    cdk: { eventBus: events.EventBus.fromEventBusName(stack, `ImportedDefaultBus-${name}`, "default") },
  });
  bus.addRules(stack, {
    [name]: {
      pattern: {
        source: ["aws.cloudwatch"],
        detailType: ["CloudWatch Alarm State Change"],
        detail: {
          // A personal stage reacts to the alarms of the stage it shadows.
          alarmName: rowsForAction(action).map((row) => ({ prefix: alarmPrefix(core.config.alarmStage, row.id) })),
          state: { value: ["ALARM", "OK"] },
        },
      },
      targets: {
        [name]: {
          function: fn,
          cdk: {
            target: { retryAttempts: RETRY.attempts, maxEventAge: RETRY.maxEventAge, deadLetterQueue: dlq },
          },
        },
      },
    },
  });
  return { fn, followUps, rule: bus.getRule(name) };
}

export type AlarmReaction = ReturnType<typeof alarmReaction>;

/**
 * Every registered action that `home` hosts (`stack` in its module under core/actions/), each with its
 * function, rule, follow-up queue and IAM, failing into the stage's dead-letter queue: a stack names no
 * action by hand.
 */
export function actionReactions(
  stack: Stack,
  home: ReactionStack,
  options: Omit<AlarmReactionOptions, "action">,
): Partial<Record<ActionName, AlarmReaction>> {
  return Object.fromEntries(
    ACTION_NAMES.filter((action) => ACTIONS[action].stack === home).map((action) => [
      action,
      alarmReaction(stack, { ...options, action }),
    ]),
  );
}
