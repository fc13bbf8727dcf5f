/**
 * Usage by SQL, for stages without the Prometheus endpoint: client backends in `pg_stat_activity` against
 * `max_connections`. Postgres counts no network bytes, so this mode measures no egress.
 * One short-lived connection per read (`max: 1`, no prepared statements, as Supavisor's transaction mode
 * needs): a warm Lambda holding a connection would itself count against the limit it measures.
 */
import { SupabaseReadError } from "../../supabase/errors.js";
import type { SupabaseUsageReader } from "../../supabase/ports.js";
import { connectPostgres } from "./postgres.js";

export function sqlUsageReader(databaseUrl: () => Promise<string>): SupabaseUsageReader {
  return {
    async read() {
      const sql = connectPostgres(await databaseUrl(), {
        prepare: false,
        max: 1,
        connect_timeout: 10,
        idle_timeout: 1,
        onnotice: () => undefined,
      });
      try {
        const [row] = await sql<{ active: number; max: number }[]>`
          select
            (select count(*)::int from pg_stat_activity where backend_type = 'client backend') as active,
            current_setting('max_connections')::int as max`;
        if (!row || !(row.max > 0))
          throw new SupabaseReadError("malformed", "max_connections is not a positive number");
        return { source: "sql", connections: { active: row.active, max: row.max } };
      } catch (cause) {
        if (cause instanceof SupabaseReadError) throw cause;
        throw new SupabaseReadError("database", `cannot read connections by SQL: ${describe(cause)}`, { cause });
      } finally {
        await sql.end({ timeout: 2 });
      }
    },
  };
}

/** The driver's message, never the URL (it holds the password). */
function describe(cause: unknown): string {
  const e = cause as { code?: string; message?: string };
  return [e.code, e.message].filter(Boolean).join(" ");
}
