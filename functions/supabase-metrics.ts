import { collectSupabaseUsage } from "../core/supabase/collect.js";
import { egressQuotaBytes } from "../core/supabase/plans.js";
import { scheduledJob } from "./lib/scheduled-job.js";
import { supabaseOf, withSupabaseLazily } from "./lib/supabase-lazy.js";

/** Every minute: Supabase connections and egress into CloudWatch (EMF, namespace Hero365/Supabase). */
export const handler = scheduledJob(
  "supabase-metrics",
  (_event, runtime) => {
    const { usage, metrics } = supabaseOf(runtime);
    const { projectRef } = runtime.config.supabase;
    const quotaBytes = egressQuotaBytes(runtime.config.supabase);
    const { store, now } = runtime;
    return collectSupabaseUsage({ projectRef, quotaBytes, reader: usage, metrics, store, now });
  },
  { extend: withSupabaseLazily },
);
