/**
 * The Supabase wiring, loaded on a function's first invocation: its adapters (Postgres, the Prometheus parser,
 * Powertools metrics, a CloudWatch client) then stay out of the cold import, which is what a cold start pays
 * before the handler runs.
 */
import { ConfigurationError } from "../../core/kernel/errors.js";
import type { SupabasePorts } from "../../core/supabase/ports.js";
import type { Runtime } from "./runtime.js";

export async function withSupabaseLazily(runtime: Runtime): Promise<Runtime> {
  if (runtime.supabase) return runtime;
  const { withSupabase } = await import("./supabase.js");
  return withSupabase(runtime);
}

export function supabaseOf(runtime: Runtime): SupabasePorts {
  if (!runtime.supabase) throw new ConfigurationError("this runtime has no Supabase ports");
  return runtime.supabase;
}
