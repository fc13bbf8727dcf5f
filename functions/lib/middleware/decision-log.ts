/**
 * The decision log middleware: gives the handler the two lines every reaction writes, what it decided (with
 * the fields its source knows) and what carrying the plan out did. One batch may decide several times, so the
 * lines are written when the source decides, not once per invocation.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type middy from "@middy/core";
import type { Context } from "aws-lambda";
import type { ReactionResult } from "../../../core/kernel/reaction.js";
import { logger as defaultLogger } from "../logger.js";

export interface DecisionLog {
  decided(fields: Record<string, unknown>): void;
  carriedOut(result: ReactionResult): void;
}

export interface DecisionLogOptions {
  logger: Logger;
}

export interface DecisionLogContext extends Context {
  decisions: DecisionLog;
}

const defaults: DecisionLogOptions = { logger: defaultLogger };

export function decisionLog(
  options: Partial<DecisionLogOptions> = {},
): middy.MiddlewareObj<unknown, unknown, Error, Context> {
  const { logger } = { ...defaults, ...options };
  const decisions: DecisionLog = {
    decided: (fields) => logger.info("decided", fields),
    carriedOut: (result) => logger.info("carried out", { status: result.status, mode: result.mode }),
  };
  return {
    before: (request) => {
      (request.context as DecisionLogContext).decisions = decisions;
    },
  };
}
