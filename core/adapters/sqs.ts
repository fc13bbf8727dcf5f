/** `sqs.SendMessage`: the queue's URL comes from the runtime environment, by the queue's logical name. */
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { ConfigurationError } from "../errors.js";
import type { QueueName } from "../ingest/effects.js";
import type { Executor } from "../ports.js";

export function sqsSendMessage(
  client: SQSClient,
  queueUrls: Record<QueueName, string | undefined>,
): Executor<"sqs.SendMessage"> {
  return async (effect) => {
    const queueUrl = queueUrls[effect.queue];
    if (!queueUrl) throw new ConfigurationError(`no URL configured for queue "${effect.queue}"`);
    const { MessageId } = await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: effect.body,
        MessageAttributes: Object.fromEntries(
          Object.entries(effect.attributes).map(([name, value]) => [name, { DataType: "String", StringValue: value }]),
        ),
      }),
    );
    return { messageId: MessageId };
  };
}
