/**
 * Query statistics from the database: the three views of Supabase's Query Performance report over
 * `pg_stat_statements`, index suggestions for the top SELECTs, and tables whose sequential scans dominate.
 *
 * Index suggestions, best first: `index_advisor(query)` where the extension is installed (Supabase ships
 * it); else hypothetical indexes with hypopg, keeping a WHERE-clause candidate only if the planner's cost
 * drops; else the WHERE-clause heuristic alone. Nothing is executed but EXPLAIN (without ANALYZE).
 */
import postgres from "postgres";
import { InsightsUnavailableError } from "../../insights/errors.js";
import {
  concurrently,
  createIndexStatement,
  heuristicIndex,
  selectedTable,
  type TableShape,
} from "../../insights/heuristic-index.js";
import type { AdviceSource, IndexAdvice, QueryInsights, QueryInsightsReader, QueryStat } from "../../insights/types.js";
import { connectPostgres } from "./postgres.js";

/** A hypothetical index must cut the planner's cost by at least this share to be worth suggesting. */
const MIN_GAIN = 0.2;

export function postgresQueryInsights(databaseUrl: () => Promise<string>): QueryInsightsReader {
  return {
    async read({ top = 5 } = {}) {
      const sql = connectPostgres(await databaseUrl(), {
        prepare: false,
        max: 1,
        connect_timeout: 10,
        onnotice: () => undefined,
        // The advisor can be slow on big schemas; Lambda's own timeout still bounds the whole run.
        connection: { statement_timeout: 15_000, application_name: "hero365-optimize-query-alert" },
      });
      try {
        return await readInsights(sql, top);
      } catch (cause) {
        if (cause instanceof InsightsUnavailableError) throw cause;
        if (cause instanceof postgres.PostgresError || (cause as { code?: string }).code) {
          const e = cause as { code?: string; message?: string };
          throw new InsightsUnavailableError(
            `cannot read query statistics: ${[e.code, e.message].filter(Boolean).join(" ")}`,
            {
              cause,
            },
          );
        }
        throw cause;
      } finally {
        await sql.end({ timeout: 2 });
      }
    },
  };
}

type Sql = postgres.Sql;

async function readInsights(sql: Sql, top: number): Promise<QueryInsights> {
  const extensions = new Set(
    (await sql<{ extname: string }[]>`select extname from pg_extension`).map((row) => row.extname),
  );
  if (!extensions.has("pg_stat_statements")) {
    throw new InsightsUnavailableError(
      "pg_stat_statements is not installed in this database: create extension pg_stat_statements",
    );
  }
  const advisor: AdviceSource = extensions.has("index_advisor")
    ? "index_advisor"
    : extensions.has("hypopg")
      ? "hypopg"
      : "heuristic";
  const [mostRows, mostTime, mostFrequent] = await Promise.all([
    topStatements(sql, "rows", top),
    topStatements(sql, "total_exec_time", top),
    topStatements(sql, "calls", top),
  ]);
  const selects = dedupe([...mostRows, ...mostTime, ...mostFrequent]).filter((s) => /^\s*select\b/i.test(s.query));
  const advice: IndexAdvice[] = [];
  const reserved = await sql.reserve();
  try {
    for (const stat of selects.slice(0, top)) advice.push(await adviseIndex(reserved, stat, advisor));
  } finally {
    reserved.release();
  }
  const [info] = await sql<{ since: Date | null }[]>`
    select stats_reset as since from pg_stat_statements_info`.catch(() => [{ since: null }]);
  return {
    mostRows,
    mostTime,
    mostFrequent,
    advice,
    seqScanTables: await seqScanTables(sql, top),
    advisor,
    ...(info?.since && { statsSince: info.since.toISOString() }),
  };
}

const ORDER = { rows: "s.rows", total_exec_time: "s.total_exec_time", calls: "s.calls" } as const;

async function topStatements(sql: Sql, by: keyof typeof ORDER, top: number): Promise<QueryStat[]> {
  const rows = await sql<
    {
      queryid: string;
      query: string;
      role: string;
      calls: string;
      rows: string;
      total: number;
      mean: number;
      max: number;
    }[]
  >`
    select s.queryid::text as queryid, s.query, r.rolname as role, s.calls::text as calls, s.rows::text as rows,
           s.total_exec_time as total, s.mean_exec_time as mean, s.max_exec_time as max
    from pg_stat_statements s
    join pg_roles r on r.oid = s.userid
    where s.dbid = (select oid from pg_database where datname = current_database())
      -- \y is a word boundary in Postgres regular expressions (\b would be a backspace).
      and s.query ~* '^\\s*(select|with|insert|update|delete)\\y'
      and s.query !~* '(pg_stat_statements|hypopg|index_advisor|pg_stat_user_tables|pg_extension)'
    order by ${sql.unsafe(ORDER[by])} desc
    limit ${top}`;
  return rows.map((row) => ({
    queryId: row.queryid,
    query: row.query,
    role: row.role,
    calls: Number(row.calls),
    rows: Number(row.rows),
    totalTimeMs: row.total,
    meanTimeMs: row.mean,
    maxTimeMs: row.max,
  }));
}

function dedupe(stats: QueryStat[]): QueryStat[] {
  const seen = new Set<string>();
  return stats.filter((s) => !seen.has(s.queryId) && seen.add(s.queryId));
}

async function adviseIndex(sql: postgres.ReservedSql, stat: QueryStat, advisor: AdviceSource): Promise<IndexAdvice> {
  if (advisor === "index_advisor") {
    const [row] = await sql<
      { index_statements: string[]; errors: string[]; total_cost_before: number; total_cost_after: number }[]
    >`select index_statements, errors, total_cost_before::float8 as total_cost_before,
             total_cost_after::float8 as total_cost_after
      from index_advisor(${stat.query})`;
    return {
      queryId: stat.queryId,
      source: "index_advisor",
      statements: (row?.index_statements ?? []).map(concurrently),
      ...(row && { costBefore: row.total_cost_before, costAfter: row.total_cost_after }),
      ...(row?.errors?.length ? { note: row.errors.join("; ") } : {}),
    };
  }
  const table = selectedTable(stat.query);
  const shape = table ? await tableShape(sql, table) : undefined;
  const candidate = shape && heuristicIndex(stat.query, shape);
  if (!candidate) {
    return {
      queryId: stat.queryId,
      source: advisor,
      statements: [],
      note: shape ? "no parameter comparison without an index" : "not a single-table SELECT",
    };
  }
  if (advisor === "heuristic") {
    return { queryId: stat.queryId, source: "heuristic", statements: [createIndexStatement(candidate)] };
  }
  const before = await planCost(sql, stat.query);
  await sql`select * from hypopg_create_index(${`create index on ${candidate.table} (${candidate.columns.join(", ")})`})`;
  try {
    const after = await planCost(sql, stat.query);
    const worth = before !== undefined && after !== undefined && after <= before * (1 - MIN_GAIN);
    return {
      queryId: stat.queryId,
      source: "hypopg",
      statements: worth ? [createIndexStatement(candidate)] : [],
      ...(before !== undefined && { costBefore: before }),
      ...(after !== undefined && { costAfter: after }),
      ...(!worth && {
        note: `a hypothetical index on (${candidate.columns.join(", ")}) does not lower the cost enough`,
      }),
    };
  } finally {
    await sql`select hypopg_reset()`;
  }
}

async function tableShape(sql: postgres.ReservedSql, table: string): Promise<TableShape | undefined> {
  const [schema, name] = table.split(".") as [string, string];
  const columns = await sql<{ column_name: string }[]>`
    select column_name from information_schema.columns where table_schema = ${schema} and table_name = ${name}`;
  if (columns.length === 0) return undefined;
  const indexes = await sql<{ columns: string[] }[]>`
    select array_agg(a.attname order by k.ord) as columns
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_namespace n on n.oid = c.relnamespace
    cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
    join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
    where n.nspname = ${schema} and c.relname = ${name}
    group by i.indexrelid`;
  return { table, columns: columns.map((c) => c.column_name), indexes: indexes.map((i) => i.columns) };
}

/**
 * The planner's total cost of a normalised query: prepared with its `$n` parameters and explained with a
 * generic plan (the way index_advisor does it), so no parameter values are needed.
 */
async function planCost(sql: postgres.ReservedSql, query: string): Promise<number | undefined> {
  const params = Math.max(0, ...[...query.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  const name = `hero365_advice_${Math.random().toString(36).slice(2, 10)}`;
  try {
    await sql.unsafe(`prepare ${name} as ${query}`);
  } catch {
    return undefined;
  }
  try {
    await sql.unsafe("set plan_cache_mode = force_generic_plan");
    const args = params ? `(${Array.from({ length: params }, () => "null").join(", ")})` : "";
    const [row] = await sql.unsafe(`explain (format json) execute ${name}${args}`);
    const plan = (row as Record<string, unknown>)["QUERY PLAN"] as [{ Plan: { "Total Cost": number } }];
    return plan[0].Plan["Total Cost"];
  } finally {
    await sql.unsafe(`deallocate ${name}`);
    await sql.unsafe("reset plan_cache_mode");
  }
}

async function seqScanTables(sql: Sql, top: number) {
  const rows = await sql<{ table: string; seq: string; seq_read: string; idx: string; live: string }[]>`
    select schemaname || '.' || relname as table, seq_scan::text as seq, seq_tup_read::text as seq_read,
           coalesce(idx_scan, 0)::text as idx, n_live_tup::text as live
    from pg_stat_user_tables
    where seq_scan > coalesce(idx_scan, 0) and n_live_tup >= 1000
    order by seq_tup_read desc
    limit ${top}`;
  return rows.map((r) => ({
    table: r.table,
    seqScans: Number(r.seq),
    seqRowsRead: Number(r.seq_read),
    indexScans: Number(r.idx),
    liveRows: Number(r.live),
  }));
}
