import { type OptimizeTrigger, planOptimizeQueryAlert } from "../core/insights/decide.js";
import { OptimizeQueryRequestSchema } from "../events/index.js";
import { reaction } from "./lib/reaction.js";
import type { OptimizeQueryAlertRuntime } from "./lib/runtime.js";
import { supabaseRuntime } from "./lib/runtimes.js";
import { alarm } from "./lib/sources/alarm.js";
import { request } from "./lib/sources/request.js";

const plan = (trigger: OptimizeTrigger, runtime: OptimizeQueryAlertRuntime) =>
  planOptimizeQueryAlert(trigger, { ...runtime, insights: runtime.supabase.insights, now: runtime.now() });

/** `bandwidth-high`, or an operator's request: name the queries to optimize and the indexes to create. */
export const handler = reaction("optimize-query-alert", {
  runtime: supabaseRuntime,
  sources: [
    request(OptimizeQueryRequestSchema, (request, runtime) => plan({ kind: "request", request }, runtime)),
    alarm((alarm, runtime) => plan({ kind: "alarm", alarm }, runtime)),
  ],
});
