/**
 * AWS misbehaving, in simulated time: during a throttle window every call of that API through the simulated
 * ports throws ThrottlingException, as the AWS SDK does once its own retries are spent.
 */
import type { ExecutionContext, Executors } from "../../../core/kernel/ports.js";
import type { SimRuntime } from "../../../sim/runtime.js";
import type { AwsApi, Throttle } from "./history.js";

/** The AWS SDK's error for a throttled call (its name is the API's error code, not `…Error`). */
export class ThrottlingException extends Error {
  readonly $fault = "client";
  readonly $metadata = { httpStatusCode: 400 };
  constructor(api: AwsApi) {
    super(`Rate exceeded (${api}, simulated throttling)`);
    this.name = "ThrottlingException";
  }
}

const READERS: Record<"services" | "alarms" | "diagnostics" | "killSwitch", AwsApi> = {
  services: "ecs.DescribeServices",
  alarms: "cloudwatch.DescribeAlarms",
  diagnostics: "cloudwatch.GetMetricData",
  killSwitch: "ssm.GetParameter",
};

const WRITERS: readonly AwsApi[] = [
  "applicationautoscaling.RegisterScalableTarget",
  "ecs.UpdateService",
  "sns.Publish",
  "sqs.SendMessage",
];

export interface FaultClock {
  now(): number;
  /** Called when a throttled call is refused. */
  refused(api: AwsApi): void;
}

function throttledAt(throttles: readonly Throttle[], start: number, api: AwsApi, at: number): boolean {
  return throttles.some(
    (t) => t.api === api && at >= start + t.from * 60_000 && at < start + (t.from + t.minutes) * 60_000,
  );
}

/** The runtime with every reader method and AWS executor refusing calls inside their throttle windows. */
export function withThrottling(
  runtime: SimRuntime,
  throttles: readonly Throttle[],
  start: number,
  clock: FaultClock,
): SimRuntime {
  const guard = (api: AwsApi) => {
    if (throttledAt(throttles, start, api, clock.now())) {
      clock.refused(api);
      throw new ThrottlingException(api);
    }
  };
  const wrapped: SimRuntime = { ...runtime, executors: { ...runtime.executors } };
  for (const [reader, api] of Object.entries(READERS) as [keyof typeof READERS, AwsApi][]) {
    const port: object | undefined = runtime[reader];
    if (!port) continue;
    // Every method, so a method a port gains later (a batch read) is throttled too.
    const methods = Object.fromEntries(
      Object.entries(port).map(([name, fn]) => [
        name,
        typeof fn === "function"
          ? // Async, like the SDK: a refusal is a rejected promise, never a synchronous throw (which would leave
            // the other reads of a Promise.all unhandled).
            async (...args: unknown[]) => {
              guard(api);
              return (fn as (...a: unknown[]) => unknown).apply(port, args);
            }
          : fn,
      ]),
    );
    Object.assign(wrapped, { [reader]: methods });
  }
  const executors = wrapped.executors as Record<
    string,
    ((effect: unknown, context?: ExecutionContext) => Promise<unknown>) | undefined
  >;
  for (const api of WRITERS) {
    const execute = executors[api];
    if (!execute) continue;
    executors[api] = async (effect, context) => {
      guard(api);
      return execute(effect, context);
    };
  }
  wrapped.executors = executors as Executors;
  return wrapped;
}
