/** `sqs.SendMessage` to the queues a runtime knows by logical name. */
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { ConfigurationError } from "../errors.js";
import type { SqsSendMessage } from "../follow-up.js";
import type { Executor } from "../ports.js";

export function sqsSender(
  client: SQSClient,
  queueUrls: Partial<Record<SqsSendMessage["queue"], string>>,
): Executor<"sqs.SendMessage"> {
  return async (effect) => {
    const url = queueUrls[effect.queue];
    if (!url) throw new ConfigurationError(`no URL configured for queue "${effect.queue}"`);
    const { MessageId } = await client.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: JSON.stringify(effect.body),
        DelaySeconds: effect.delaySeconds,
      }),
    );
    return { messageId: MessageId };
  };
}
