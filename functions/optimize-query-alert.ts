import type { Context } from "aws-lambda";
import { type OptimizeTrigger, planOptimizeQueryAlert } from "../core/insights/decide.js";
import { OPS_SOURCE, OptimizeQueryRequestSchema } from "../events/index.js";
import { alarmReaction } from "./lib/alarm-reaction.js";
import { requestReaction } from "./lib/request-reaction.js";
import type { Runtime } from "./lib/runtime.js";
import { supabaseOf, withSupabaseLazily } from "./lib/supabase-lazy.js";

const plan = (trigger: OptimizeTrigger, runtime: Runtime) =>
  planOptimizeQueryAlert(trigger, { ...runtime, insights: supabaseOf(runtime).insights, now: runtime.now() });
const extend = { extend: withSupabaseLazily };
const onAlarm = alarmReaction(
  "optimize-query-alert",
  (alarm, runtime) => plan({ kind: "alarm", alarm }, runtime),
  extend,
);
const onRequest = requestReaction(
  "optimize-query-alert",
  OptimizeQueryRequestSchema,
  (request, runtime) => plan({ kind: "request", request }, runtime),
  extend,
);

/** `bandwidth-high`, or an operator's request: name the queries to optimize and the indexes to create. */
export const handler = (input: unknown, context: Context) =>
  (input as { source?: unknown } | null)?.source === OPS_SOURCE ? onRequest(input, context) : onAlarm(input, context);
