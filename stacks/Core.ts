import { RemovalPolicy } from "aws-cdk-lib";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { type StackContext, Table } from "sst/constructs";
import { stageConfig } from "../core/config/index.js";

/** What every reaction shares: the state table (episodes, steps, audit) and the notification topics. */
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

  stack.addOutputs({
    StateTable: state.tableName,
    AlertsTopicArn: alerts.topicArn,
    OnCallTopicArn: onCall.topicArn,
  });
  return { config, state, alerts, onCall };
}
