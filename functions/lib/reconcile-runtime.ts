/**
 * The reconciler's runtime: the shared one, except that in AWS its follow-ups go to the queue of the
 * function that follows the episode up (scale-ecs, page-oncall), not to a queue of its own.
 */
import { SQSClient } from "@aws-sdk/client-sqs";
import { sqsSender } from "../../core/adapters/aws/sqs.js";
import { ConfigurationError } from "../../core/kernel/errors.js";
import { FOLLOW_UP_QUEUE_ENV } from "../../core/reconcile/spec.js";
import { AWS_CLIENT_CONFIG, awsRuntime } from "./aws-runtime.js";
import type { ReconcileRuntime } from "./runtime.js";

export function reconcileAwsRuntime(env: NodeJS.ProcessEnv = process.env): ReconcileRuntime {
  const runtime = awsRuntime(env);
  let client: SQSClient | undefined;
  return {
    ...runtime,
    executors: {
      ...runtime.executors,
      "sqs.SendMessage": async (effect) => {
        const name = effect.queue === "followUps" ? FOLLOW_UP_QUEUE_ENV[effect.body.functionName] : undefined;
        const url = name ? env[name] : undefined;
        if (!url)
          throw new ConfigurationError(
            `the reconciler has no follow-up queue for this message (${name ?? effect.queue})`,
          );
        client ??= new SQSClient(AWS_CLIENT_CONFIG);
        return sqsSender(client, { followUps: url })(effect);
      },
    },
  };
}
