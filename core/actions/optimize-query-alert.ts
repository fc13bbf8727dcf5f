/** `optimize-query-alert`: `bandwidth-high` alerts with the queries to optimize and the indexes to create. */
import * as z from "zod";
import { type ActionSpec, READ_ROW_ALARMS, STATE_TABLE } from "./spec.js";

export const OPTIMIZE_QUERY_ALERT = {
  name: "optimize-query-alert",
  functionName: "optimize-query-alert",
  stack: "SupabaseSignals",
  description: "alerts with the queries to optimize and the indexes to create, from pg_stat_statements",
  options: z.strictObject({}),
  permissions: [{ actions: ["sns:Publish"], resources: ["alertsTopic"] }, READ_ROW_ALARMS, STATE_TABLE],
  followUps: false,
  // EXPLAIN of a few queries with and without hypothetical indexes can take a while on a busy database.
  timeoutSeconds: 60,
  planner: { file: "core/insights/decide.ts", export: "decideOptimizeQueryAlert" },
} as const satisfies ActionSpec<"optimize-query-alert">;
