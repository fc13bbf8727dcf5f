/** A source of events a function reacts to: how to recognise and parse them, and how to shape the answer. */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { DecisionLogContext } from "../middleware/decision-log.js";
import type { RuntimeContext } from "../middleware/runtime.js";

/** The Lambda context with what the middlewares add: the runtime (on first need) and the decision log. */
export type HandlerContext<R> = RuntimeContext<R> & DecisionLogContext;

export interface Invocation<R> {
  functionName: string;
  context: HandlerContext<R>;
  /** The function's logger. */
  logger: Logger;
}

export interface Source<R, Result = unknown> {
  /** Whether `input` is this source's event; only asked of a source that is not a function's last. */
  recognises?: (input: unknown) => boolean;
  handle: (input: unknown, invocation: Invocation<R>) => Promise<Result>;
}

/** What a function answers: any of its sources' answers. */
export type AnswerOf<S extends readonly Source<never, unknown>[]> = Awaited<ReturnType<S[number]["handle"]>>;
