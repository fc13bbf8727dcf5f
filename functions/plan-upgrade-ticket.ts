import { planUpgradeTicket } from "../core/tickets/decide.js";
import { alarmReaction } from "./lib/alarm-reaction.js";
import { supabaseOf, withSupabaseLazily } from "./lib/supabase-lazy.js";

/** `db-connections-high`: open a Supabase plan-upgrade ticket, or comment on the open one. */
export const handler = alarmReaction(
  "plan-upgrade-ticket",
  (trigger, runtime) => {
    const { tickets, history } = supabaseOf(runtime);
    const { stage, config, store } = runtime;
    return planUpgradeTicket(trigger, { stage, config, store, now: runtime.now(), tracker: tickets, history });
  },
  { extend: withSupabaseLazily },
);
