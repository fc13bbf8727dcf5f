/**
 * The server side of bench/ingest.ts, run in its own process pinned to one core: the supabase-webhook handler
 * behind the local Function URL server, with the real PutEvents adapter. `BENCH_EVENTBRIDGE_ENDPOINT` set: the
 * real SDK client against a loopback EventBridge stub; unset: an in-memory client (no SDK, no network).
 */
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { eventBridgePutEvents } from "../core/adapters/aws/eventbridge.js";
import { memoryItemStore } from "../core/adapters/local/memory-items.js";
import { asLive } from "../core/config/as-live.js";
import { stageConfig } from "../core/config/index.js";
import { HOT_CLIENT_CONFIG } from "../functions/lib/aws-base.js";
import { useRuntime } from "../functions/lib/middleware/runtime.js";
import { handler } from "../functions/supabase-webhook.js";
import { serveFunctionUrl } from "../scripts/lib/function-url-server.js";

const secret = process.env.BENCH_WEBHOOK_SECRET;
if (!secret || !process.send) throw new Error("run by bench/ingest.ts");
const endpoint = process.env.BENCH_EVENTBRIDGE_ENDPOINT;
// The deployed ingest's client settings (retries, timeouts, the middleware cache), pointed at the stub.
const client = endpoint
  ? new EventBridgeClient({
      ...HOT_CLIENT_CONFIG,
      region: "us-east-1",
      endpoint,
      credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
    })
  : ({ send: async () => ({ FailedEntryCount: 0, Entries: [{ EventId: "e-1" }] }) } as unknown as EventBridgeClient);

useRuntime("supabase-webhook", {
  stage: "prod",
  config: asLive(stageConfig("prod")),
  dryRun: false,
  now: () => new Date(),
  store: memoryItemStore(),
  executors: { "events.PutEvents": eventBridgePutEvents(client, { app: "hero365-bench-app" }) },
  secret: async () => secret,
});
const server = await serveFunctionUrl("supabase-webhook", handler as never);
let cpu = process.cpuUsage();
process.on("message", (message) => {
  if (message === "start") cpu = process.cpuUsage();
  if (message === "stop") {
    const used = process.cpuUsage(cpu);
    process.send?.({ cpuMicros: used.user + used.system, rss: process.memoryUsage().rss });
    void server.close().then(() => process.exit(0));
  }
});
process.send({ url: server.url, node: process.version });
