/**
 * A reaction an operator asks for (direct invoke or an app-bus event, source OPS_SOURCE): parse the request at
 * the edge, plan through core, carry the plan out like any alarm reaction.
 */
import type * as z from "zod";
import { parseEvent } from "../../../core/kernel/parse.js";
import type { Plan } from "../../../core/kernel/plan.js";
import { carryOut, type ReactionResult } from "../../../core/kernel/reaction.js";
import { OPS_SOURCE } from "../../../events/index.js";
import { type BaseRuntime, reactionContext } from "../runtime.js";
import type { Source } from "./source.js";

export function request<R extends BaseRuntime, S extends z.ZodType<{ id: string; "detail-type": string }>>(
  schema: S,
  plan: (request: z.output<S>, runtime: R) => Plan | Promise<Plan>,
): Source<R, ReactionResult> {
  return {
    recognises: (input) => (input as { source?: unknown } | null)?.source === OPS_SOURCE,
    handle: async (input, { functionName, context }) => {
      const request = parseEvent(schema, input, "operator request");
      const runtime = await context.runtime();
      const decided = await plan(request, runtime);
      context.decisions.decided({ request: request["detail-type"], plan: decided });
      const result = await carryOut(
        decided,
        { subject: `${functionName}#request`, eventId: request.id },
        reactionContext(runtime, functionName),
      );
      context.decisions.carriedOut(result);
      return result;
    },
  };
}
