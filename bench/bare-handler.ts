/** The baseline: a bare Lambda handler with one AWS SDK v3 client, built exactly like the app's functions. */
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";

const client = new SNSClient({});

export const handler = async (event: { message?: string }) =>
  client.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: event.message ?? "ping" }));
