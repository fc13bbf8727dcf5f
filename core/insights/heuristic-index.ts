/**
 * The fallback index suggestion, from a normalised query's text alone: the columns a single-table SELECT
 * compares with parameters, equality first (they make the best leading keys), then ranges. Used when
 * neither index_advisor nor hypopg is installed, and as hypopg's candidates.
 */
export interface TableShape {
  /** `schema.table` */
  table: string;
  columns: string[];
  /** Existing indexes' key columns, in order. */
  indexes: string[][];
}

export interface IndexCandidate {
  table: string;
  columns: string[];
}

const MAX_COLUMNS = 3;

/** The table a single-table SELECT reads, as `schema.table` (public when unqualified); undefined otherwise. */
export function selectedTable(query: string): string | undefined {
  const text = query.replace(/\s+/g, " ").trim();
  if (!/^select\b/i.test(text) || /\bjoin\b/i.test(text)) return undefined;
  const from = /\bfrom\s+((?:"?\w+"?\.)?"?\w+"?)(?:\s+(?:as\s+)?(\w+))?/i.exec(text);
  if (!from?.[1]) return undefined;
  const name = from[1].replaceAll('"', "").toLowerCase();
  return name.includes(".") ? name : `public.${name}`;
}

/**
 * An index that would serve the query's parameter comparisons, unless an existing index already leads
 * with those columns.
 * @example heuristicIndex("select * from jobs where business_id = $1 and status = $2", shape)?.columns // ["business_id", "status"]
 */
export function heuristicIndex(query: string, shape: TableShape): IndexCandidate | undefined {
  const where = /\bwhere\b([\s\S]*?)(?:\border\s+by\b|\bgroup\s+by\b|\blimit\b|\boffset\b|\bfor\s+update\b|$)/i.exec(
    query,
  );
  if (!where?.[1]) return undefined;
  const known = new Set(shape.columns.map((c) => c.toLowerCase()));
  const equality: string[] = [];
  const range: string[] = [];
  const comparison =
    /(?:"?\w+"?\.)?"?(\w+)"?\s*(=|<>|!=|<=|>=|<|>|\bin\b|\bany\b|\blike\b|\bilike\b|\bbetween\b)\s*\(?\s*(?:any\s*\(\s*)?\$\d+/gi;
  for (const match of where[1].matchAll(comparison)) {
    const column = (match[1] as string).toLowerCase();
    const op = (match[2] as string).toLowerCase();
    if (!known.has(column) || equality.includes(column) || range.includes(column)) continue;
    if (op === "=" || op === "in" || op === "any") equality.push(column);
    else if (op !== "<>" && op !== "!=") range.push(column);
  }
  // A range column after the equality columns still narrows the scan; anything after it would not.
  const columns = [...equality, ...range.slice(0, 1)].slice(0, MAX_COLUMNS);
  if (columns.length === 0) return undefined;
  const covered = shape.indexes.some(
    (index) => index.length >= columns.length && sameSet(index.slice(0, columns.length), columns),
  );
  return covered ? undefined : { table: shape.table, columns };
}

function sameSet(a: string[], b: string[]): boolean {
  const set = new Set(a.map((c) => c.toLowerCase()));
  return b.every((c) => set.has(c));
}

/** The statement to run on a live table: CONCURRENTLY (no write lock), idempotent, named after its columns. */
export function createIndexStatement(candidate: IndexCandidate): string {
  const [schema, table] = candidate.table.split(".") as [string, string];
  const name = `idx_${table}_${candidate.columns.join("_")}`.slice(0, 63);
  return `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${name} ON ${schema}.${table} USING btree (${candidate.columns.join(", ")});`;
}

/**
 * index_advisor returns `CREATE INDEX ON public.jobs USING btree (business_id, status)`: make it safe to run
 * on a live table.
 * @example concurrently("CREATE INDEX ON public.jobs USING btree (business_id)") // "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_jobs_business_id ON public.jobs USING btree (business_id);"
 */
export function concurrently(statement: string): string {
  const match = /^create\s+index\s+on\s+((?:"?\w+"?\.)?"?\w+"?)\s+using\s+(\w+)\s*\(([^)]*)\)/i.exec(statement.trim());
  if (!match) return statement.trim().replace(/;?$/, ";");
  const table = (match[1] as string).replaceAll('"', "");
  const qualified = table.includes(".") ? table : `public.${table}`;
  const columns = (match[3] as string).split(",").map((c) => c.trim().replaceAll('"', ""));
  if ((match[2] as string).toLowerCase() !== "btree") {
    const [schema, name] = qualified.split(".") as [string, string];
    return `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${`idx_${name}_${columns.join("_")}`.slice(0, 63)} ON ${schema}.${name} USING ${match[2]} (${columns.join(", ")});`;
  }
  return createIndexStatement({ table: qualified, columns });
}
