/**
 * Exactly-once steps under at-least-once delivery (DESIGN.md §4.2). A step is claimed with a conditional
 * write before its effects run and marked done after: a duplicate sees `done` and does nothing; a concurrent
 * copy sees `busy` and is retried by its source; a claim whose holder died expires after its lease.
 *
 * A step that failed part-way keeps its plan and how many effects were applied, so the retry resumes the
 * same plan where it stopped instead of deciding again from a half-changed world (which could double a step).
 */
import { createHash } from "node:crypto";
import type { PlannedEffect } from "./effects.js";
import type { ItemStore } from "./ports.js";

export type ClaimResult =
  | { status: "claimed" }
  | { status: "resumed"; effects: PlannedEffect[]; applied: number }
  | { status: "done" }
  | { status: "busy" };

const DAY = 86_400;
/** Completed step markers outlive any redelivery window (EventBridge retries for at most 24 h). */
const STEP_TTL_SECONDS = 7 * DAY;

/** Longer step keys are hashed: DynamoDB's partition keys hold at most 2 KB (an outsized event id, say). */
const KEY_MAX_BYTES = 1024;

function stepKey(key: string) {
  const pk = `STEP#${key}`;
  if (Buffer.byteLength(pk) <= KEY_MAX_BYTES) return { pk, sk: "STEP" };
  return { pk: `STEP#sha256:${createHash("sha256").update(key).digest("hex")}`, sk: "STEP" };
}

const seconds = (at: Date) => Math.floor(at.getTime() / 1000);

export async function claimStep(
  store: ItemStore,
  key: string,
  now: Date,
  leaseSeconds = 60,
  effects: readonly PlannedEffect[] = [],
): Promise<ClaimResult> {
  // The first delivery of a step finds no record: one conditional write claims it, with no read before it (a
  // cold reaction pays each round trip between deciding and acting). Anything there already is read first.
  if (await claimFreeStep(store, key, now, leaseSeconds, effects)) return { status: "claimed" };
  const previous = await store.get(stepKey(key).pk, "STEP");
  if (previous?.status === "done") return { status: "done" };
  const resume = previous?.status === "failed";
  const claimed = await store.put(
    claimItem(
      key,
      now,
      leaseSeconds,
      resume ? { effects: previous.effects, applied: previous.applied } : { effects, applied: 0 },
    ),
    // Free, expired, or failed (a failed step has leaseUntil 0).
    { kind: "absentOrBelow", attribute: "leaseUntil", value: seconds(now) },
  );
  if (!claimed) {
    const existing = await store.get(stepKey(key).pk, "STEP");
    return existing?.status === "done" ? { status: "done" } : { status: "busy" };
  }
  if (resume) {
    return { status: "resumed", effects: previous.effects as PlannedEffect[], applied: previous.applied as number };
  }
  return { status: "claimed" };
}

/**
 * Claims a step no one has claimed yet, with one conditional write; false when it has a record (whatever its
 * state: the caller that needs it claims it with `claimStep`).
 */
export async function claimFreeStep(
  store: ItemStore,
  key: string,
  now: Date,
  leaseSeconds: number,
  effects: readonly PlannedEffect[] = [],
): Promise<boolean> {
  return store.put(claimItem(key, now, leaseSeconds, { effects, applied: 0 }), { kind: "absent" });
}

/** An in-progress claim of a step, with the plan a retry would resume. */
function claimItem(key: string, now: Date, leaseSeconds: number, plan: { effects: unknown; applied: unknown }) {
  return {
    ...stepKey(key),
    status: "in-progress",
    leaseUntil: seconds(now) + leaseSeconds,
    effects: plan.effects,
    applied: plan.applied,
    expiresAt: seconds(now) + STEP_TTL_SECONDS,
  };
}

/**
 * Steps claimed beside a plan's own and not yet taken by the executor that uses them; the kernel gives back
 * what is left when it is done.
 */
export class HeldSteps {
  private readonly keys = new Set<string>();
  add(keys: Iterable<string>): void {
    for (const key of keys) this.keys.add(key);
  }
  /** True once for a held step: the caller now completes or releases it. */
  take(key: string): boolean {
    return this.keys.delete(key);
  }
  /** Gives back every step no executor took. */
  async release(store: ItemStore): Promise<void> {
    const left = [...this.keys];
    this.keys.clear();
    await Promise.all(left.map((key) => releaseStep(store, key)));
  }
}

export async function completeStep(store: ItemStore, key: string, now: Date, result: unknown): Promise<void> {
  // `leaseUntil` far in the future: a done step can never be claimed again.
  await store.put({
    ...stepKey(key),
    status: "done",
    leaseUntil: Number.MAX_SAFE_INTEGER,
    completedAt: now.toISOString(),
    result,
    expiresAt: seconds(now) + STEP_TTL_SECONDS,
  });
}

/**
 * Marks a step failed after `applied` of its effects, keeping the plan: the retry of the event resumes it.
 */
export async function failStep(
  store: ItemStore,
  key: string,
  now: Date,
  effects: readonly PlannedEffect[],
  applied: number,
  error: Error,
): Promise<void> {
  await store.put({
    ...stepKey(key),
    status: "failed",
    leaseUntil: 0,
    effects,
    applied,
    error: { name: error.name, message: error.message },
    expiresAt: seconds(now) + STEP_TTL_SECONDS,
  });
}

/** Gives a claim back untouched (nothing was applied), so the next delivery can take the step. */
export async function releaseStep(store: ItemStore, key: string): Promise<void> {
  await store.delete(stepKey(key).pk, "STEP");
}
