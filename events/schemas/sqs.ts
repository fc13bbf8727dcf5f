/**
 * An SQS batch as Lambda's event source mapping delivers it, as far as every SQS handler relies on it: records,
 * each with the message id a partial batch response names and a text body. Lambda sends nothing else, so a
 * batch that is not this shape was invoked by hand or misrouted, and fails as a whole (Lambda would treat a
 * failure without an id as the whole batch's anyway). What a body holds is its handler's to parse: a bad body
 * fails that record only.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
 */
import * as z from "zod";

export const SqsRecordSchema = z.looseObject({
  messageId: z.string().min(1),
  body: z.string(),
  eventSource: z.literal("aws:sqs"),
});

export const SqsEventSchema = z.looseObject({
  Records: z.array(SqsRecordSchema).min(1),
});
