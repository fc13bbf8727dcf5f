/**
 * A Function URL request: parsed at the edge, answered through core, the answer logged (never the body: it may
 * hold personal data). Anything unexpected is rethrown: Lambda counts it as an error (alarmed) and the
 * Function URL answers 502.
 */
import type { Context, LambdaFunctionURLResult } from "aws-lambda";
import type { HttpRequest, HttpResponse } from "../../../core/kernel/http.js";
import { parseEvent } from "../../../core/kernel/parse.js";
import { type FunctionUrlEvent, FunctionUrlEventSchema } from "../../../events/index.js";
import type { Source } from "./source.js";

export type AnswerHttp<R> = (request: HttpRequest, runtime: R, context: Context) => Promise<HttpResponse>;

export function functionUrl<R>(answer: AnswerHttp<R>): Source<R, LambdaFunctionURLResult> {
  return {
    handle: async (input, { context, logger }) => {
      const event = parseEvent(FunctionUrlEventSchema, input, "Function URL request");
      const response = await answer(httpRequest(event), await context.runtime(), context);
      const { status, body, note, headers } = response;
      const fields = {
        statusCode: status,
        response: body,
        ...(note && { note }),
        sourceIp: event.requestContext.http.sourceIp,
      };
      if (status >= 400) logger.warn("refused", fields);
      else if (note) logger.warn("answered, with a note", fields);
      else logger.info("answered", fields);
      return {
        statusCode: status,
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      };
    },
  };
}

export function httpRequest(event: FunctionUrlEvent): HttpRequest {
  const raw = event.body ?? "";
  return {
    method: event.requestContext.http.method,
    headers: event.headers,
    body: event.isBase64Encoded ? Buffer.from(raw, "base64").toString("utf8") : raw,
  };
}
