import { planUpgradeTicket } from "../core/tickets/decide.js";
import { reaction } from "./lib/reaction.js";
import { supabaseRuntime } from "./lib/runtimes.js";
import { alarm } from "./lib/sources/alarm.js";

/** `db-connections-high`: open a Supabase plan-upgrade ticket, or comment on the open one. */
export const handler = reaction("plan-upgrade-ticket", {
  runtime: supabaseRuntime,
  sources: [
    alarm((trigger, { stage, config, store, now, supabase }) =>
      planUpgradeTicket(trigger, {
        stage,
        config,
        store,
        now: now(),
        tracker: supabase.tickets,
        history: supabase.history,
      }),
    ),
  ],
});
