import { ingestWebhook } from "../core/ingest/ingest.js";
import { reaction } from "./lib/reaction.js";
import { ingestRuntime } from "./lib/runtimes.js";
import { functionUrl } from "./lib/sources/function-url.js";

/** The Supabase database webhook ingest, behind a Function URL: verify, validate, put on the app bus. */
export const handler = reaction("supabase-webhook", {
  runtime: ingestRuntime,
  sources: [
    functionUrl((request, runtime) => {
      // A valid webhook goes to the bus right after its signature is checked: the bus client loads meanwhile.
      runtime.prepare?.("events.PutEvents");
      return ingestWebhook(request, {
        auth: runtime.config.ingest.webhookAuth,
        secret: () => runtime.secret("SUPABASE_WEBHOOK_SECRET"),
        now: runtime.now,
        // Forwarding onto our own bus is transport, not an action: a dry-run stage still forwards, so the
        // reactions downstream (in dry-run themselves) see the events and say what they would do.
        dryRun: runtime.local === true,
        executors: runtime.executors,
        onEffect: runtime.onEffect,
      });
    }),
  ],
});
