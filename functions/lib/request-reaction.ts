/**
 * The shape of a reaction an operator asks for (direct invoke or an app-bus event): parse the request at
 * the edge, plan through core, carry the plan out like any alarm reaction.
 */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type * as z from "zod";
import { parseEvent } from "../../core/kernel/parse.js";
import type { Plan } from "../../core/kernel/plan.js";
import { carryOut, type ReactionResult } from "../../core/kernel/reaction.js";
import { logger } from "./logger.js";
import { currentRuntime, type Runtime, reactionContext } from "./runtime.js";

export function requestReaction<S extends z.ZodType<{ id: string; "detail-type": string }>>(
  functionName: string,
  schema: S,
  plan: (request: z.output<S>, runtime: Runtime) => Plan | Promise<Plan>,
  options: { extend?: (runtime: Runtime) => Runtime | Promise<Runtime> } = {},
) {
  return middy(async (input: unknown): Promise<ReactionResult> => {
    const request = parseEvent(schema, input, "operator request");
    const shared = await currentRuntime();
    const runtime = options.extend ? await options.extend(shared) : shared;
    const decided = await plan(request, runtime);
    logger.info("decided", { request: request["detail-type"], plan: decided });
    const result = await carryOut(
      decided,
      { subject: `${functionName}#request`, eventId: request.id },
      reactionContext(runtime, functionName),
    );
    logger.info("carried out", { status: result.status, mode: result.mode });
    return result;
  }).use(injectLambdaContext(logger, { resetKeys: true }));
}
