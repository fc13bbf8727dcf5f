/**
 * What the optimize-query alert reads from the database: the Query Performance report's three views of
 * `pg_stat_statements`, index suggestions for the top reads, and tables whose sequential scans dominate.
 */
export interface QueryStat {
  queryId: string;
  /** Normalised text, constants replaced by `$n` (pg_stat_statements). */
  query: string;
  role: string;
  calls: number;
  rows: number;
  totalTimeMs: number;
  meanTimeMs: number;
  maxTimeMs: number;
}

/** How an index statement was found. */
export type AdviceSource = "index_advisor" | "hypopg" | "heuristic";

export interface IndexAdvice {
  queryId: string;
  /** `CREATE INDEX CONCURRENTLY ...;` statements to run. */
  statements: string[];
  source: AdviceSource;
  /** Planner cost of the query without and with the suggested indexes, where measured. */
  costBefore?: number;
  costAfter?: number;
  /** Why no statement, when there is none (the advisor's errors, an unparseable query). */
  note?: string;
}

export interface SeqScanTable {
  table: string;
  seqScans: number;
  seqRowsRead: number;
  indexScans: number;
  liveRows: number;
}

export interface QueryInsights {
  /** Top statements by total rows returned, total execution time and calls. */
  mostRows: QueryStat[];
  mostTime: QueryStat[];
  mostFrequent: QueryStat[];
  advice: IndexAdvice[];
  seqScanTables: SeqScanTable[];
  /** Which advisor was available: index_advisor, hypopg (hypothetical indexes) or the WHERE-clause heuristic. */
  advisor: AdviceSource;
  /** Since when pg_stat_statements has been counting, when known. */
  statsSince?: string;
}

export interface QueryInsightsReader {
  /** Throws an `InsightsUnavailableError` when the statistics cannot be read. */
  read(options?: { top?: number }): Promise<QueryInsights>;
}
