/** `plan-upgrade-ticket`: `db-connections-high` opens (or comments on) a Supabase plan-upgrade ticket. */
import * as z from "zod";
import { type ActionSpec, READ_METRICS, READ_ROW_ALARMS, STATE_TABLE } from "./spec.js";

export const PLAN_UPGRADE_TICKET = {
  name: "plan-upgrade-ticket",
  functionName: "plan-upgrade-ticket",
  stack: "SupabaseSignals",
  description: "opens (or comments on) a Supabase plan-upgrade ticket with the next compute size and its price",
  options: z.strictObject({}),
  // The ticket goes to GitHub or a webhook over HTTPS with a bound secret: no AWS permission beyond these.
  permissions: [READ_ROW_ALARMS, STATE_TABLE, READ_METRICS],
  followUps: false,
  planner: { file: "core/tickets/decide.ts", export: "decidePlanUpgradeTicket" },
} as const satisfies ActionSpec<"plan-upgrade-ticket">;
