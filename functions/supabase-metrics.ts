import { collectSupabaseUsage } from "../core/supabase/collect.js";
import { egressQuotaBytes } from "../core/supabase/plans.js";
import { reaction } from "./lib/reaction.js";
import { supabaseRuntime } from "./lib/runtimes.js";
import { scheduledJob } from "./lib/sources/schedule.js";

/** Every minute: Supabase connections and egress into CloudWatch (EMF, namespace Hero365/Supabase). */
export const handler = reaction("supabase-metrics", {
  runtime: supabaseRuntime,
  sources: [
    scheduledJob((_event, { config, supabase, store, now }) =>
      collectSupabaseUsage({
        projectRef: config.supabase.projectRef,
        quotaBytes: egressQuotaBytes(config.supabase),
        reader: supabase.usage,
        metrics: supabase.metrics,
        store,
        now,
      }),
    ),
  ],
});
