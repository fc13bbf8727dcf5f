/** The retry policy shared by the HTTP integrations and EventBridge's failed entries: pure, no waiting. */
import { describe, expect, it } from "vitest";
import { backoffMs, nextRetry, retryAfterMs } from "../../core/kernel/retry.js";

const policy = { attempts: 4, baseDelayMs: 1_000, jitter: false, maxWaitMs: Number.POSITIVE_INFINITY };
const NOW = Date.parse("2026-11-27T14:21:09Z");

describe("the retry policy", () => {
  it("doubles the backoff on each failed attempt and gives up at the last one", () => {
    const decisions = [1, 2, 3, 4].map((attempt) => nextRetry(policy, { attempt, waitedMs: 0 }));
    expect(decisions).toEqual([
      { waitMs: 1000, giveUp: false },
      { waitMs: 2000, giveUp: false },
      { waitMs: 4000, giveUp: false },
      { waitMs: 8000, giveUp: true },
    ]);
  });

  it("spreads a jittered backoff over half to one and a half of itself", () => {
    const jittered = { ...policy, jitter: true };
    expect([0, 0.5, 0.999].map((r) => backoffMs(jittered, 2, () => r))).toEqual([1000, 2000, 2998]);
  });

  it("waits what the other side asked instead of the backoff, and gives up past the wait budget", () => {
    const bounded = { ...policy, maxWaitMs: 10_000 };
    expect(nextRetry(bounded, { attempt: 1, waitedMs: 0, requestedMs: 3_000 })).toEqual({
      waitMs: 3000,
      giveUp: false,
    });
    expect(nextRetry(bounded, { attempt: 2, waitedMs: 8_000, requestedMs: 3_000 })).toEqual({
      waitMs: 3000,
      giveUp: true,
    });
  });

  it("reads Retry-After as seconds or as an HTTP date, and nothing else", () => {
    expect(retryAfterMs("3", NOW)).toBe(3000);
    expect(retryAfterMs("0", NOW)).toBe(0);
    expect(retryAfterMs(new Date(NOW + 2_500).toUTCString(), NOW)).toBe(2000);
    expect(retryAfterMs(new Date(NOW - 60_000).toUTCString(), NOW)).toBe(0);
    expect([null, undefined, "", "-1", "soon"].map((v) => retryAfterMs(v, NOW))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
