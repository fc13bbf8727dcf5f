/**
 * The shape of a scheduled handler: parse the schedule event at the edge, run one core job, log what it
 * reported. A job reports expected failures in its result; anything else is rethrown, so the function's
 * error metric and failure destination see it.
 */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { parseEvent } from "../../core/kernel/parse.js";
import { type ScheduledEvent, ScheduledEventSchema } from "../../events/index.js";
import { logger } from "./logger.js";
import { currentRuntime, type Runtime } from "./runtime.js";

export type Job<R> = (event: ScheduledEvent, runtime: Runtime) => Promise<R>;

export function scheduledJob<R extends { ok: boolean }>(
  name: string,
  job: Job<R>,
  options: { extend?: (runtime: Runtime) => Runtime | Promise<Runtime> } = {},
) {
  return middy(async (input: unknown): Promise<R> => {
    const event = parseEvent(ScheduledEventSchema, input, "EventBridge scheduled event");
    const shared = await currentRuntime();
    const result = await job(event, options.extend ? await options.extend(shared) : shared);
    if (result.ok) logger.info(`${name} done`, { result });
    else logger.error(`${name} failed`, { result });
    return result;
  }).use(injectLambdaContext(logger, { resetKeys: true }));
}
