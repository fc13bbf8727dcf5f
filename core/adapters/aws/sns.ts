/**
 * `sns.Publish` through the SNS API. Attributes become SNS message attributes so subscriptions can
 * filter on severity, service, row and state.
 */
import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import { ConfigurationError } from "../../kernel/errors.js";
import type { Executor } from "../../kernel/ports.js";
import type { TopicName } from "../../notifications/effects.js";

export function snsPublisher(
  client: SNSClient,
  topicArns: Record<TopicName, string | undefined>,
): Executor<"sns.Publish"> {
  return async (effect) => {
    const topicArn = topicArns[effect.topic];
    if (!topicArn) throw new ConfigurationError(`no ARN configured for topic "${effect.topic}"`);
    const { MessageId } = await client.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: effect.subject,
        Message: effect.message,
        MessageAttributes: Object.fromEntries(
          Object.entries(effect.attributes).map(([name, value]) => [name, { DataType: "String", StringValue: value }]),
        ),
      }),
    );
    return { messageId: MessageId };
  };
}
