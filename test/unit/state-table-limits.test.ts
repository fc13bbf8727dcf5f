/**
 * What the reactions write always fits the state table: an audit record quoting an outsized text is written
 * shortened instead of failing the reaction after it acted; a step keyed by an outsized id is hashed into a
 * key DynamoDB accepts, the same key every time (exactly-once holds). The in-memory table refuses what
 * DynamoDB refuses (item-store-contract.test.ts), so these would fail there as they would in AWS.
 */
import { describe, expect, it } from "vitest";
import { memoryItemStore } from "../../core/adapters/local/memory-items.js";
import { type AuditRecord, fitted, readAudit, writeAudit } from "../../core/kernel/audit.js";
import { claimStep, completeStep } from "../../core/kernel/steps.js";

const now = new Date("2026-11-30T12:00:00Z");

function auditOf(query: string): AuditRecord {
  return {
    subject: "hero365-prod-supabase-egress-high",
    at: now.toISOString(),
    functionName: "optimize-query-alert",
    stage: "prod",
    eventId: "e".repeat(5000),
    plan: { outcome: "act", reason: `top query: ${query}`, effects: [] } as unknown as AuditRecord["plan"],
    mode: "live",
    outcome: "applied",
    applied: [],
  };
}

describe("the state table's limits", () => {
  it("an audit quoting a 1 MB query text is written, shortened, and says how much was cut", async () => {
    const store = memoryItemStore();
    await writeAudit(store, auditOf("x".repeat(1_000_000)));
    const [record] = await readAudit(store, "hero365-prod-supabase-egress-high");
    expect(record?.plan.reason).toMatch(/^top query: x+… \[[\d,]+ more characters\]$/);
    expect(JSON.stringify(record).length).toBeLessThan(400 * 1024);
    expect(record?.functionName).toBe("optimize-query-alert");
  });

  it("a record that fits is written whole", async () => {
    const record = auditOf("SELECT 1");
    expect(fitted(record, 350 * 1024)).toBe(record);
  });

  it("never cuts a character in half", () => {
    const cut = fitted({ text: "😀".repeat(20_000) }, 1024).text;
    expect(cut).toMatch(/^(😀)+… \[[\d,]+ more characters\]$/u);
  });

  it("a step keyed by a 3 KB id is claimed once and found done after, under one hashed key", async () => {
    const store = memoryItemStore();
    const key = `optimize-query-alert#request#${"k".repeat(3000)}`;
    expect(await claimStep(store, key, now)).toEqual({ status: "claimed" });
    await completeStep(store, key, now, { ok: true });
    expect(await claimStep(store, key, now)).toEqual({ status: "done" });
    const [item] = store.items();
    expect(item?.pk).toMatch(/^STEP#sha256:[0-9a-f]{64}$/);
    expect(await claimStep(store, `${key}x`, now)).toEqual({ status: "claimed" });
  });
});
