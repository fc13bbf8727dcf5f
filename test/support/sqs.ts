/** An SQS record as Lambda's event source mapping delivers it, for the follow-up and worker handlers. */
import type { SQSEvent } from "aws-lambda";

export function sqsRecord(messageId: string, body: string, queue = "follow-ups"): SQSEvent["Records"][number] {
  return {
    messageId,
    receiptHandle: messageId,
    body,
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: "0",
      SenderId: "s",
      ApproximateFirstReceiveTimestamp: "0",
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: `arn:aws:sqs:us-east-1:123456789012:${queue}`,
    awsRegion: "us-east-1",
  };
}
