/**
 * Hero365's Postgres from Lambda, the way Supabase asks for it: through Supavisor in transaction mode (port
 * 6543), so prepared statements off (a pooled server connection changes between transactions) and one
 * connection per container (concurrency comes from more containers, each a pooler client).
 * https://supabase.com/docs/guides/database/connecting-to-postgres#supavisor-transaction-mode
 */
import postgres from "postgres";
import { ConfigurationError } from "../../kernel/errors.js";
import { redactSecrets } from "../http/redact.js";

export type Sql = postgres.Sql;

export const POSTGRES_OPTIONS = {
  prepare: false,
  max: 1,
  // A frozen container's idle connection is closed by the pooler; drop ours first rather than fail on it.
  idle_timeout: 20,
  connect_timeout: 10,
  // No type lookup round trip on connect: the queries read only built-in types.
  fetch_types: false,
} as const;

export function openPostgres(url: string, applicationName: string): Sql {
  return connectPostgres(url, { ...POSTGRES_OPTIONS, connection: { application_name: applicationName } });
}

/**
 * postgres.js with a URL that is a secret. A URL it cannot parse (a password with an unescaped `/`, `#` or `@`)
 * fails with a ConfigurationError saying how to fix it, carrying neither the URL nor its password: Node's URL
 * error keeps the whole URL in `input`.
 */
export function connectPostgres(url: string, options: postgres.Options<Record<string, never>>): Sql {
  try {
    return postgres(url, options);
  } catch (error) {
    const cause = redactSecrets(error, [url]) as Error;
    throw new ConfigurationError(
      `the database URL is not a valid postgres:// URL (${cause.name}: ${cause.message}): percent-encode the reserved characters (/ # ? @ :) of its user name and password`,
      { cause },
    );
  }
}

export interface LazyPostgres {
  /** The connection, opened on first use; a failed open is tried again on the next use. */
  sql(): Promise<Sql>;
  /** Closes the connection if it was opened (local tools, tests). */
  close(): Promise<void>;
}

/** A connection opened on first use, from a URL read then (a secret, so never at import). */
export function lazyPostgres(url: () => Promise<string>, applicationName: string): LazyPostgres {
  let opening: Promise<Sql> | undefined;
  return {
    sql() {
      opening ??= url()
        .then((value) => openPostgres(value, applicationName))
        .catch((error: unknown) => {
          opening = undefined;
          throw error;
        });
      return opening;
    },
    async close() {
      const sql = await opening?.catch(() => undefined);
      opening = undefined;
      await sql?.end({ timeout: 5 });
    },
  };
}
