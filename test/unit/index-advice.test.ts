import { describe, expect, it } from "vitest";
import { concurrently, heuristicIndex, selectedTable, type TableShape } from "../../core/insights/heuristic-index.js";

const jobs: TableShape = {
  table: "public.jobs",
  columns: ["id", "business_id", "title", "status", "scheduled_for", "created_at"],
  indexes: [["id"], ["business_id"], ["status"]],
};

describe("the WHERE-clause index heuristic", () => {
  it("suggests equality columns first, then one range column", () => {
    const query =
      "select * from jobs where scheduled_for >= $1 and business_id = $2 and status = $3 order by created_at";
    expect(heuristicIndex(query, jobs)).toEqual({
      table: "public.jobs",
      columns: ["business_id", "status", "scheduled_for"],
    });
  });

  it("suggests nothing when an index already leads with those columns", () => {
    const query = "select id from public.jobs where status = $1 and business_id = $2";
    expect(heuristicIndex(query, { ...jobs, indexes: [["business_id", "status", "created_at"]] })).toBeUndefined();
  });

  it("ignores columns the table does not have, and inequality", () => {
    expect(heuristicIndex("select * from jobs where nope = $1 and status <> $2", jobs)).toBeUndefined();
  });

  it("reads the table of single-table SELECTs only", () => {
    expect(selectedTable('select * from "public"."jobs" j where j.status = $1')).toBe("public.jobs");
    expect(selectedTable("select * from jobs join businesses b on b.id = jobs.business_id")).toBeUndefined();
    expect(selectedTable("update jobs set status = $1")).toBeUndefined();
  });

  it("makes index_advisor's statements safe for a live table", () => {
    expect(concurrently("CREATE INDEX ON public.jobs USING btree (business_id, status)")).toBe(
      "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_jobs_business_id_status ON public.jobs USING btree (business_id, status);",
    );
  });
});
