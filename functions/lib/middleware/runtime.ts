/**
 * The runtime middleware: gives the handler its function's runtime as a getter, so the runtime is built on the
 * invocation's first need of it (after the event parsed), once per container, from the Lambda environment;
 * or the one a test or a local tool gave this function with `useRuntime`.
 */
import type middy from "@middy/core";
import type { Context } from "aws-lambda";
import type { FunctionName, Runtimes } from "../runtime.js";

export interface RuntimeOptions<F extends FunctionName> {
  functionName: F;
  /** Builds the runtime from the Lambda environment (a dynamic import: the SDK loads on first use). */
  build: () => Promise<Runtimes[F]>;
}

export interface RuntimeContext<R> extends Context {
  runtime: () => Promise<R>;
}

const given = new Map<FunctionName, Runtimes[FunctionName]>();

/**
 * Gives `functionName`'s handler the runtime it runs against from now on (local invoke, simulator, tests);
 * `undefined` takes it back, and the handler builds its own from the environment again.
 */
export function useRuntime<F extends FunctionName>(functionName: F, runtime: Runtimes[F] | undefined): void {
  if (runtime) given.set(functionName, runtime);
  else given.delete(functionName);
}

/** Takes back every runtime given with `useRuntime`. */
export function clearRuntimes(): void {
  given.clear();
}

export function runtime<F extends FunctionName>(
  options: RuntimeOptions<F>,
): middy.MiddlewareObj<unknown, unknown, Error, Context> {
  let fromEnvironment: Promise<Runtimes[F]> | undefined;
  const provide = async (): Promise<Runtimes[F]> => {
    const installed = given.get(options.functionName) as Runtimes[F] | undefined;
    if (installed) return installed;
    fromEnvironment ??= options.build();
    return fromEnvironment;
  };
  return {
    before: (request) => {
      (request.context as RuntimeContext<Runtimes[F]>).runtime = provide;
    },
  };
}
