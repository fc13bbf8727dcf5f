import { describe, expect, it } from "vitest";
import { triggerFromEvent } from "../../core/alarms/event.js";
import { decideOptimizeQueryAlert } from "../../core/insights/decide.js";
import type { QueryInsights } from "../../core/insights/types.js";
import { effectsOfType } from "../../core/kernel/effects.js";
import { ASSUME_OPEN_DAYS, decidePlanUpgradeTicket, type PlanUpgradeInput } from "../../core/tickets/decide.js";
import type { TicketLedger } from "../../core/tickets/types.js";
import { AlarmStateChangeEventSchema, OptimizeQueryRequestSchema } from "../../events/index.js";
import { testConfig } from "../support/config.js";
import { fixture } from "../support/fixtures.js";

const prod = testConfig("prod");
const alarm = (name: string) => triggerFromEvent(AlarmStateChangeEventSchema.parse(fixture(`cloudwatch/${name}`)));
const NOW = new Date("2026-11-27T18:06:00Z");
const ledger: TicketLedger = { generation: 1, ref: "17", openedAt: "2026-11-20T10:00:00Z", openedBy: "earlier" };

function ticket(overrides: Partial<PlanUpgradeInput> = {}) {
  return decidePlanUpgradeTicket({
    trigger: alarm("db-connections-high.alarm"),
    stage: "prod",
    config: prod,
    now: NOW,
    history: { utilisation: [], active: [], max: [] },
    ...overrides,
  });
}

describe("plan-upgrade-ticket decides", () => {
  it("opens a ticket for generation 1 when none stands, keyed on the transition", () => {
    const plan = ticket();
    expect(plan).toMatchObject({
      outcome: "act",
      effects: [{ type: "github.issues.create", ticket: { generation: 1 } }],
    });
    expect(plan.stepKey).toBe(
      "plan-upgrade-ticket#hero365-prod-db-connections-high-supabase#ALARM#2026-11-27T18:05:44.019+0000",
    );
  });

  it("comments on an open ticket, and opens generation 2 after a closed one", () => {
    expect(ticket({ ledger, ticketState: "open" }).effects[0]).toMatchObject({
      type: "github.issues.createComment",
      issueNumber: 17,
    });
    expect(ticket({ ledger, ticketState: "closed" }).effects[0]).toMatchObject({ ticket: { generation: 2 } });
  });

  it("trusts a webhook sink's ticket for a limited time, since it cannot be asked", () => {
    const config = { ...prod, tickets: { sink: "webhook" as const, labels: ["ops"] } };
    const open = ticket({ config, ledger, ticketState: "unknown" });
    expect(open.effects[0]).toMatchObject({ type: "webhook.post", event: "ticket.commented", ticketKey: "17" });
    const later = new Date(Date.parse(ledger.openedAt) + (ASSUME_OPEN_DAYS + 1) * 86_400_000);
    expect(ticket({ config, ledger, ticketState: "unknown", now: later }).effects[0]).toMatchObject({
      event: "ticket.opened",
      ticketKey: "hero365prodprojectrf#db-connections-high#2",
    });
  });

  it("tells a free-plan project that compute sizes need Pro, and advises pooling at the top size", () => {
    const free = { ...prod, supabase: { ...prod.supabase, plan: "free" as const, computeSize: "micro" as const } };
    const body = (ticket({ config: free }).effects[0] as { body: string }).body;
    expect(body).toContain("Micro → Small");
    expect(body).toContain("need a paid plan: Pro is $25/month");
    const top = { ...prod, supabase: { ...prod.supabase, computeSize: "16xl" as const } };
    const plan = ticket({ config: top });
    expect((plan.effects[0] as { title: string }).title).toMatch(/: pool connections$/);
  });

  it.each([
    ["OK", "db-connections-high.ok", "resolved"],
    ["INSUFFICIENT_DATA", "db-connections-high.insufficient-data", "insufficient-data"],
    ["another row's alarm", "cpu-high.alarm", "unknown-alarm"],
  ])("opens nothing on %s", (_what, name, code) => {
    expect(ticket({ trigger: alarm(name) })).toMatchObject({ outcome: "skip", code, effects: [] });
  });
});

const insights: QueryInsights = {
  mostRows: [
    {
      queryId: "1",
      query: "select * from public.jobs where business_id = $1",
      role: "authenticated",
      calls: 1000,
      rows: 80_000,
      totalTimeMs: 2500,
      meanTimeMs: 2.5,
      maxTimeMs: 40,
    },
  ],
  mostTime: [],
  mostFrequent: [],
  advice: [
    {
      queryId: "1",
      source: "heuristic",
      statements: [
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_jobs_business_id ON public.jobs USING btree (business_id);",
      ],
    },
  ],
  seqScanTables: [],
  advisor: "heuristic",
};

describe("optimize-query-alert decides", () => {
  const decide = (overrides: Partial<Parameters<typeof decideOptimizeQueryAlert>[0]> = {}) =>
    decideOptimizeQueryAlert({
      trigger: { kind: "alarm", alarm: alarm("bandwidth-high.alarm") },
      stage: "prod",
      config: prod,
      insights,
      ...overrides,
    });

  it("names the query with calls, rows per call and time, and the index to create", () => {
    const [notice] = effectsOfType(decide().effects, "sns.Publish");
    expect(notice?.message).toContain(
      "Query 1 (most rows returned): select * from public.jobs where business_id = $1 | 1,000 calls, 80 rows/call, 2.5 s total (2.5 ms mean)",
    );
    expect(notice?.message).toContain(
      "Index for query 1: CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_jobs_business_id",
    );
    expect(notice?.message).toContain("WHERE-clause heuristic");
  });

  it("uses the collector's month-to-date egress when it has one", () => {
    const [notice] = effectsOfType(decide({ monthToDateBytes: 210e9 }).effects, "sns.Publish");
    expect(notice?.message).toContain("≈210 GB of 250 GB (80.4 %)");
  });

  it("still notifies when the statistics are unavailable, saying why", () => {
    const [notice] = effectsOfType(
      decide({ insights: { unavailable: "no pg_stat_statements" } }).effects,
      "sns.Publish",
    );
    expect(notice?.message).toContain("Query statistics could not be read (no pg_stat_statements)");
  });

  it("answers an operator's request with an info notice keyed on the request", () => {
    const request = OptimizeQueryRequestSchema.parse(fixture("manual/optimize-query.request"));
    const plan = decide({ trigger: { kind: "request", request } });
    expect(plan.stepKey).toBe("optimize-query-alert#request#c2b9e0f4-3a51-4d8e-9b57-2f1de0c8a6b3");
    expect(effectsOfType(plan.effects, "sns.Publish")[0]).toMatchObject({
      subject: expect.stringMatching(/^\[INFO\]/),
    });
  });

  it("says nothing on OK", () => {
    expect(decide({ trigger: { kind: "alarm", alarm: alarm("bandwidth-high.ok") } })).toMatchObject({
      outcome: "skip",
      code: "resolved",
    });
  });
});
