/**
 * Exactly-once steps under at-least-once delivery (DESIGN.md §4.2). A step is claimed with a conditional
 * write before its effects run and marked done after: a duplicate sees `done` and does nothing; a
 * concurrent copy sees `busy` and is retried by its source; a claim whose holder died expires after its lease.
 */
import type { ItemStore } from "./ports.js";

export type ClaimResult = "claimed" | "done" | "busy";

const DAY = 86_400;
/** Completed step markers outlive any redelivery window (EventBridge retries for at most 24 h). */
const STEP_TTL_SECONDS = 7 * DAY;

function stepKey(key: string) {
  return { pk: `STEP#${key}`, sk: "STEP" };
}

export async function claimStep(store: ItemStore, key: string, now: Date, leaseSeconds = 60): Promise<ClaimResult> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const claimed = await store.put(
    {
      ...stepKey(key),
      status: "in-progress",
      leaseUntil: nowSeconds + leaseSeconds,
      expiresAt: nowSeconds + STEP_TTL_SECONDS,
    },
    { kind: "absentOrBelow", attribute: "leaseUntil", value: nowSeconds },
  );
  if (claimed) return "claimed";
  const existing = await store.get(stepKey(key).pk, "STEP");
  return existing?.status === "done" ? "done" : "busy";
}

export async function completeStep(store: ItemStore, key: string, now: Date, result: unknown): Promise<void> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  // `leaseUntil` far in the future: a done step can never be claimed again.
  await store.put({
    ...stepKey(key),
    status: "done",
    leaseUntil: Number.MAX_SAFE_INTEGER,
    completedAt: now.toISOString(),
    result,
    expiresAt: nowSeconds + STEP_TTL_SECONDS,
  });
}

/** Gives a failed step back so the retry of the event can take it again. */
export async function releaseStep(store: ItemStore, key: string): Promise<void> {
  await store.delete(stepKey(key).pk, "STEP");
}
