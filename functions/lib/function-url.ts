/**
 * The shape every Function URL handler shares: parse the request at the edge, answer through core, log the
 * answer (never the body: it may hold personal data). Anything unexpected is rethrown: Lambda counts it as an
 * error (alarmed) and the Function URL answers 502.
 */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { Context, LambdaFunctionURLResult } from "aws-lambda";
import type { HttpRequest, HttpResponse } from "../../core/kernel/http.js";
import { parseEvent } from "../../core/kernel/parse.js";
import { type FunctionUrlEvent, FunctionUrlEventSchema } from "../../events/index.js";
import { logger } from "./logger.js";
import { currentRuntime, type Runtime } from "./runtime.js";

export type AnswerHttp = (request: HttpRequest, runtime: Runtime, context: Context) => Promise<HttpResponse>;

export function functionUrlHandler(answer: AnswerHttp) {
  return middy(async (input: unknown, context: Context): Promise<LambdaFunctionURLResult> => {
    const event = parseEvent(FunctionUrlEventSchema, input, "Function URL request");
    const response = await answer(httpRequest(event), await currentRuntime(), context);
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
  }).use(injectLambdaContext(logger, { resetKeys: true }));
}

export function httpRequest(event: FunctionUrlEvent): HttpRequest {
  const raw = event.body ?? "";
  return {
    method: event.requestContext.http.method,
    headers: event.headers,
    body: event.isBase64Encoded ? Buffer.from(raw, "base64").toString("utf8") : raw,
  };
}
