import { Duration, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { App } from "sst/constructs";
import type { CoreResources } from "../Core.js";
import { queueDepthAlarm } from "./queue-depth-alarm.js";

/** SQS's largest message: what the ingest's fallback queue holds (an event at EventBridge's limit) fits too. */
export const DEAD_LETTER_MESSAGE_BYTES = 1024 * 1024;

export const deadLettersName = (stage: string) => `hero365-${stage}-dead-letters`;

/**
 * The stage's one dead-letter queue, in the Core stack, and its alarm (DESIGN.md §4.8: every async target has a
 * DLQ, and every DLQ has an alarm). Every rule target, every function's asynchronous failures and every
 * consumed queue of the stage ends here. One alarm is billed instead of one per function; a message says
 * where it came from (docs/dead-letters.md), the alarm no longer does.
 *
 * EventBridge may send here for the stage's rules only: the ones on the default bus are named
 * `<rulePrefix>…` (SST's EventBus rules, and the schedules through `scheduleRuleName`), the ones on the app
 * bus live under its name, which has the same prefix. A policy naming each rule's ARN would make Core depend
 * on every stack with a rule, which depends on Core: a cycle.
 */
export function stageDeadLetters(stack: Stack, opts: { stage: string; alerts: sns.ITopic; rulePrefix: string }) {
  const queue = new sqs.Queue(stack, "DeadLetters", {
    queueName: deadLettersName(opts.stage),
    retentionPeriod: Duration.days(14),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    maxMessageSizeBytes: DEAD_LETTER_MESSAGE_BYTES,
  });
  queue.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "EventBridgeRulesOfTheStage",
      principals: [new iam.ServicePrincipal("events.amazonaws.com")],
      actions: ["sqs:SendMessage"],
      resources: [queue.queueArn],
      conditions: {
        StringEquals: { "aws:SourceAccount": stack.account },
        ArnLike: {
          "aws:SourceArn": stack.formatArn({
            service: "events",
            resource: "rule",
            resourceName: `${opts.rulePrefix}*`,
          }),
        },
      },
    }),
  );
  const alarm = queueDepthAlarm(stack, "DeadLettersDepth", {
    queue,
    alarmName: deadLettersName(opts.stage),
    alerts: opts.alerts,
    description: [
      `Something of stage ${opts.stage} failed for good and waits in its dead-letter queue (kept 14 days). Read it:`,
      `aws sqs receive-message --queue-url ${queue.queueUrl} --attribute-names All --message-attribute-names All --max-number-of-messages 10 --visibility-timeout 0.`,
      "Where each came from: an EventBridge delivery carries RULE_ARN and TARGET_ARN (ERROR_CODE, ERROR_MESSAGE: why), its body the event;",
      "a function's failed run is a record with requestContext.functionArn and requestContext.condition, the event in requestPayload;",
      "a message from a queue (follow-ups, invoice jobs, the ingest fallback) has the attribute DeadLetterQueueSourceArn.",
      "Fix the cause, then redrive: docs/dead-letters.md.",
    ].join(" "),
  });
  return { queue, alarm };
}

/**
 * The stage's dead-letter queue as `stack` may use it: in another stack, imported by its ARN, so the rule
 * targets that name it add nothing to its policy (an imported queue's policy is not ours to write) and no
 * stack of the stage makes Core depend on it.
 */
export function deadLetters(stack: Stack, core: CoreResources): sqs.IQueue {
  const queue = core.deadLetters.queue;
  if (Stack.of(queue) === stack) return queue;
  const id = "DeadLetters";
  return (stack.node.tryFindChild(id) as sqs.IQueue | undefined) ?? sqs.Queue.fromQueueArn(stack, id, queue.queueArn);
}

/**
 * A schedule's rule name. SST leaves a Cron's rule to CloudFormation, whose generated name may cut the stack
 * name short; named like SST's EventBus rules, the schedule is one the dead-letter queue lets EventBridge in for.
 */
export const scheduleRuleName = (app: App, key: string) => app.logicalPrefixedName(`${key}-schedule`);
