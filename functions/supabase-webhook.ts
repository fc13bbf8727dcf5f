import { ingestWebhook } from "../core/ingest/ingest.js";
import { functionUrlHandler } from "./lib/function-url.js";

/** The Supabase database webhook ingest, behind a Function URL: verify, validate, put on the app bus. */
export const handler = functionUrlHandler((request, runtime) =>
  ingestWebhook(request, {
    auth: runtime.config.ingest.webhookAuth,
    secret: () => runtime.secret("SUPABASE_WEBHOOK_SECRET"),
    now: runtime.now,
    dryRun: runtime.dryRun,
    executors: runtime.executors,
    onEffect: runtime.onEffect,
  }),
);
