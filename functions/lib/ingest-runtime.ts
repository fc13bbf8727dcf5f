/**
 * The runtime of the webhook ingest and of its redrive: the stage, the webhook secret, and the executors they
 * use — PutEvents on the app bus, the fallback queue's SendMessage and ChangeMessageVisibility. None of the
 * reactions' runtime (notification channels, scaling readers, Slack readers) loads: a cold ingest pays for its
 * secret and its bus only (docs/benchmarks.md).
 */
import { AWS_CLIENT_CONFIG, awsBase, HOT_CLIENT_CONFIG, lazy, onFirstUse } from "./aws-base.js";
import type { IngestRuntime } from "./runtime.js";

export function ingestAwsRuntime(env: NodeJS.ProcessEnv = process.env): IngestRuntime {
  const { vars, runtime } = awsBase(env);
  const fallbackQueue = lazy(async () => {
    const [{ SQSClient }, { sqsSender, sqsVisibility }] = await Promise.all([
      import("./clients/sqs.js"),
      import("../../core/adapters/aws/sqs.js"),
    ]);
    const client = new SQSClient(AWS_CLIENT_CONFIG);
    const urls = { ingestFallback: vars.INGEST_FALLBACK_QUEUE_URL };
    return { send: sqsSender(client, urls), hide: sqsVisibility(client, urls) };
  });
  return {
    // The ingest forwards even on a dry-run stage: transport, not an action (functions/supabase-webhook.ts).
    ...runtime,
    executors: {
      "events.PutEvents": onFirstUse(async () => {
        const [{ EventBridgeClient }, { eventBridgePutEvents }] = await Promise.all([
          import("./clients/eventbridge.js"),
          import("../../core/adapters/aws/eventbridge.js"),
        ]);
        // Called on every webhook a warm container serves: its middleware handler is built once.
        return eventBridgePutEvents(new EventBridgeClient(HOT_CLIENT_CONFIG), { app: vars.APP_BUS_NAME });
      }),
      "sqs.SendMessage": async (e) => (await fallbackQueue()).send(e),
      "sqs.ChangeMessageVisibility": async (e) => (await fallbackQueue()).hide(e),
    },
  };
}
