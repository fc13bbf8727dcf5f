/**
 * A Lambda Function URL request (payload format 2.0), as far as the HTTP handlers read it. Header names arrive
 * in lower case; a body that is not text (by its content type) arrives base64-encoded.
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads
 */
import * as z from "zod";

export const FunctionUrlEventSchema = z.looseObject({
  version: z.literal("2.0"),
  rawPath: z.string(),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().default(false),
  requestContext: z.looseObject({
    requestId: z.string().min(1),
    http: z.looseObject({ method: z.string().min(1), path: z.string(), sourceIp: z.string() }),
  }),
});

export type FunctionUrlEvent = z.infer<typeof FunctionUrlEventSchema>;
