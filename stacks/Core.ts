import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { Config, EventBus, type StackContext, Table } from "sst/constructs";
import { stageConfig } from "../core/config/index.js";
import { SECRET_NAMES } from "../core/config/secrets.js";
import { stageDeadLetters } from "./lib/dead-letter.js";

/**
 * What every reaction shares: the state table (episodes, steps, audit), the notification topics, the app's
 * own event bus, the stage's dead-letter queue, and the secrets (values set with `sst secrets set`, read
 * inside handlers only).
 */
export function Core({ stack, app }: StackContext) {
  const config = stageConfig(app.stage);

  const state = new Table(stack, "State", {
    fields: { pk: "string", sk: "string" },
    primaryIndex: { partitionKey: "pk", sortKey: "sk" },
    timeToLiveAttribute: "expiresAt",
    cdk: {
      table: {
        pointInTimeRecovery: true,
        removalPolicy: app.stage === "prod" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      },
    },
  });

  const alerts = new sns.Topic(stack, "AlertsTopic", { displayName: `Hero365 ${app.stage} alerts` });
  const onCall = new sns.Topic(stack, "OnCallTopic", { displayName: `Hero365 ${app.stage} on-call` });
  for (const email of config.notifications.emails) alerts.addSubscription(new subscriptions.EmailSubscription(email));

  // SST names its EventBus rules and the app bus `<stage>-<app>-<name>`; the schedules are named alike.
  const deadLetters = stageDeadLetters(stack, { stage: app.stage, alerts, rulePrefix: app.logicalPrefixedName("") });

  const bus = new EventBus(stack, "AppBus");
  // Every event on the app bus is kept for replay.
  const archive = new events.Archive(stack, "AppBusArchive", {
    sourceEventBus: bus.cdk.eventBus,
    eventPattern: { account: [stack.account] },
    retention: Duration.days(30),
    description: `hero365 ${app.stage}: everything on the app bus, for replay`,
  });
  // aws-cdk-lib renders an unset key as `KmsKeyIdentifier: ""` (aws-cdk#37847); without the key, AWS encrypts
  // the archive with its own key, as intended.
  (archive.node.defaultChild as events.CfnArchive).addPropertyDeletionOverride("KmsKeyIdentifier");

  const secrets = Object.fromEntries(SECRET_NAMES.map((name) => [name, new Config.Secret(stack, name)])) as Record<
    (typeof SECRET_NAMES)[number],
    Config.Secret
  >;

  stack.addOutputs({
    StateTable: state.tableName,
    AlertsTopicArn: alerts.topicArn,
    OnCallTopicArn: onCall.topicArn,
    AppBusName: bus.eventBusName,
    DeadLettersQueueUrl: deadLetters.queue.queueUrl,
  });
  return { config, state, alerts, onCall, bus, deadLetters, secrets };
}

export type CoreResources = ReturnType<typeof Core>;
