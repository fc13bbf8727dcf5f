/**
 * One audit record per decision, holds included: who (function), what (the plan), why (its reasons),
 * when, and the outcome of applying it (DESIGN.md §4.1).
 */
import type { AppliedEffect } from "./applier.js";
import { grouped } from "./format.js";
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
/** Well under DynamoDB's 400 KB an item (attribute names and the keys count too). */
export const AUDIT_BUDGET_BYTES = 350 * 1024;
/** Of the event id in the sort key: DynamoDB's sort keys hold at most 1 KB. */
const EVENT_ID_IN_KEY = 200;

/**
 * Writes the decision's record. A record that would not fit a DynamoDB item (a plan quoting a long query
 * text, an event with an outsized field) is written with its longest strings shortened instead of failing
 * the reaction after it acted.
 */
export async function writeAudit(store: ItemStore, record: AuditRecord): Promise<void> {
  await store.put({
    pk: `AUDIT#${record.subject}`,
    // Retries of one event at the same instant each keep their own record.
    sk: `${record.at}#${clipped(record.eventId, EVENT_ID_IN_KEY)}#${crypto.randomUUID()}`,
    ...fitted(withoutBinary(record) as AuditRecord, AUDIT_BUDGET_BYTES),
    expiresAt: Math.floor(Date.parse(record.at) / 1000) + AUDIT_TTL_SECONDS,
  });
}

/**
 * `value` itself when its JSON fits `budget` bytes; otherwise a copy whose strings are cut to 16,384
 * characters, then to a quarter of that, and so on, until it fits.
 * @example fitted({ query: "x".repeat(500_000) }, 1024).query // "xxxx… [499,936 more characters]"
 */
export function fitted<T>(value: T, budget: number): T {
  let fits = value;
  for (let limit = 16_384; Buffer.byteLength(JSON.stringify(fits)) > budget && limit >= 16; limit /= 4) {
    fits = clipStrings(value, limit) as T;
  }
  return fits;
}

function clipStrings(value: unknown, limit: number): unknown {
  if (typeof value === "string") return clipped(value, limit);
  if (Array.isArray(value)) return value.map((v) => clipStrings(v, limit));
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clipStrings(v, limit)]));
  }
  return value;
}

function clipped(text: string, limit: number): string {
  if (text.length <= limit) return text;
  // Never half a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(limit - 1)) ? limit - 1 : limit;
  return `${text.slice(0, end)}… [${grouped(text.length - end)} more characters]`;
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
