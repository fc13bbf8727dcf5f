/**
 * One audit record per decision, holds included: who (function), what (the plan), why (its reasons),
 * when, and the outcome of applying it (DESIGN.md §4.1).
 */
import type { AppliedEffect } from "./applier.js";
import type { Plan } from "./plan.js";
import type { ItemStore } from "./ports.js";

export interface AuditRecord {
  /** The episode or alarm the decision belongs to. */
  subject: string;
  at: string;
  functionName: string;
  stage: string;
  eventId: string;
  plan: Plan;
  mode: "live" | "dry-run";
  outcome: "applied" | "recorded" | "duplicate" | "failed" | "nothing-to-apply";
  applied: AppliedEffect[];
  error?: { name: string; message: string };
}

const AUDIT_TTL_SECONDS = 90 * 86_400;

export async function writeAudit(store: ItemStore, record: AuditRecord): Promise<void> {
  await store.put({
    pk: `AUDIT#${record.subject}`,
    // Retries of one event at the same instant each keep their own record.
    sk: `${record.at}#${record.eventId}#${crypto.randomUUID()}`,
    ...(withoutBinary(record) as AuditRecord),
    expiresAt: Math.floor(Date.parse(record.at) / 1000) + AUDIT_TTL_SECONDS,
  });
}

/**
 * The record with every byte array (an S3 object's body) replaced by its size: an audit says what was
 * written, and a DynamoDB item holds at most 400 KB.
 * @example withoutBinary({ body: new Uint8Array(3) }) // { body: { bytes: 3 } }
 */
export function withoutBinary(value: unknown): unknown {
  if (value instanceof Uint8Array) return { bytes: value.byteLength };
  if (Array.isArray(value)) return value.map(withoutBinary);
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutBinary(v)]));
  }
  return value;
}

export async function readAudit(store: ItemStore, subject: string): Promise<AuditRecord[]> {
  const items = await store.query(`AUDIT#${subject}`);
  return items.map(({ pk: _pk, sk: _sk, expiresAt: _ttl, ...record }) => record as unknown as AuditRecord);
}
