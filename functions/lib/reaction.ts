/**
 * The one handler factory. A function is its name, its runtime and the sources its events come from (an alarm
 * state change with its follow-ups, a schedule, an operator's request, an SQS batch, a Function URL request);
 * a source knows how to recognise and parse its events and how to shape the answer. What every function shares
 * is middleware: the logger context, the decision log and the runtime.
 *
 * @example
 * export const handler = reaction("notify", { runtime: commonRuntime, sources: [alarm(plan)] });
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { logger as appLogger } from "./logger.js";
import { decisionLog } from "./middleware/decision-log.js";
import { loggerContext } from "./middleware/logger-context.js";
import { runtime } from "./middleware/runtime.js";
import type { FunctionName, Runtimes } from "./runtime.js";
import type { AnswerOf, HandlerContext, Source } from "./sources/source.js";

export interface ReactionSpec<F extends FunctionName, S extends readonly Source<Runtimes[F], unknown>[]> {
  /** Builds the function's runtime from the Lambda environment (functions/lib/runtimes.ts). */
  runtime: () => Promise<Runtimes[F]>;
  /**
   * Tried in order: the first that recognises the event takes it; the last takes any other, so its parse
   * names what the event should have been.
   */
  sources: S;
  logger?: Logger;
}

export function reaction<F extends FunctionName, const S extends readonly Source<Runtimes[F], unknown>[]>(
  functionName: F,
  spec: ReactionSpec<F, S>,
) {
  const { sources } = spec;
  const fallback = sources[sources.length - 1] as Source<Runtimes[F], unknown>;
  const logger = spec.logger ?? appLogger;
  return middy(async (input: unknown, context: Context): Promise<AnswerOf<S>> => {
    const source = sources.find((s) => s !== fallback && s.recognises?.(input)) ?? fallback;
    const invocation = { functionName, context: context as HandlerContext<Runtimes[F]>, logger };
    return (await source.handle(input, invocation)) as AnswerOf<S>;
  })
    .use(loggerContext({ logger }))
    .use(decisionLog({ logger }))
    .use(runtime({ functionName, build: spec.runtime }));
}
