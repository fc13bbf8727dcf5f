/**
 * The logger context middleware: Powertools' `injectLambdaContext` (request id, function name, cold start on
 * every line), its keys reset per invocation so one event's fields never leak into the next.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import type { InjectLambdaContextOptions } from "@aws-lambda-powertools/logger/types";
import { logger as defaultLogger } from "../logger.js";

export interface LoggerContextOptions extends InjectLambdaContextOptions {
  logger: Logger;
}

const defaults: LoggerContextOptions = { logger: defaultLogger, resetKeys: true };

export function loggerContext(options: Partial<LoggerContextOptions> = {}) {
  const { logger, ...inject } = { ...defaults, ...options };
  return injectLambdaContext(logger, inject);
}
