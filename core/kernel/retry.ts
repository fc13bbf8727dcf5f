/**
 * When to try an outbound call again, and how long to wait first: one policy for the HTTP integrations
 * (core/adapters/http/client.ts) and for the entries EventBridge did not put (core/adapters/aws/eventbridge.ts).
 * Pure: the caller sleeps, so a test passes a sleep that only records.
 */

export interface RetryPolicy {
  /** Calls in all, the first included. */
  attempts: number;
  /** The first backoff; it doubles on each retry. */
  baseDelayMs: number;
  /** Spread each backoff over [0.5, 1.5) of itself, so copies that failed together do not retry together. */
  jitter: boolean;
  /** What one call may spend waiting between its attempts, in all; a wait that would pass it gives up instead. */
  maxWaitMs: number;
}

export interface RetryState {
  /** The attempt that just failed, from 1. */
  attempt: number;
  /** Already waited by this call. */
  waitedMs: number;
  /** A wait the other side asked for (Retry-After), in place of the backoff. */
  requestedMs?: number;
}

/** The wait before the next attempt, and whether the call gives up instead (the wait is then what it would have been). */
export interface RetryDecision {
  waitMs: number;
  giveUp: boolean;
}

/**
 * The decision after a failed attempt.
 * @example nextRetry({ attempts: 4, baseDelayMs: 1000, jitter: false, maxWaitMs: Infinity }, { attempt: 2, waitedMs: 1000 }) // { waitMs: 2000, giveUp: false }
 */
export function nextRetry(policy: RetryPolicy, state: RetryState, random: () => number = Math.random): RetryDecision {
  const waitMs = state.requestedMs ?? backoffMs(policy, state.attempt, random);
  return { waitMs, giveUp: state.attempt >= policy.attempts || state.waitedMs + waitMs > policy.maxWaitMs };
}

/** Exponential backoff after the given failed attempt (1 → the base delay), jittered when the policy says so. */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const delay = policy.baseDelayMs * 2 ** (attempt - 1);
  return policy.jitter ? delay * (0.5 + random()) : delay;
}

/**
 * A `Retry-After` header in milliseconds: delay-seconds, or an HTTP date counted from `nowMs` (whole seconds,
 * never negative). `undefined` when the header is missing or unreadable, so the caller picks its fallback.
 * https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 * @example retryAfterMs("3", Date.now()) // 3000
 */
export function retryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const at = Date.parse(value);
  if (!Number.isFinite(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000)) * 1000;
}
