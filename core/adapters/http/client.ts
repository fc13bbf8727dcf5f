/**
 * The one way the adapters call an HTTP API: a request (node:http, node-fetch.ts) with a timeout, retries as
 * the integration's policy says (backoff, or the server's `Retry-After`, within a bounded wait), and errors
 * without the call's secrets.
 * Each integration merges its policy over the defaults, which retry nothing: an answer the policy does not
 * retry comes back whatever its status, for the adapter to read. What is retried and not won in the end
 * throws `RateLimitedError` (an answer the policy calls rate limited) or `HttpStatusError`.
 */
import { HttpStatusError, RateLimitedError, realSleep, snippetOf } from "../../kernel/adapter-errors.js";
import { nextRetry, type RetryPolicy, retryAfterMs } from "../../kernel/retry.js";
import { type FetchAnswer, type FetchLike, nodeFetch } from "./node-fetch.js";
import { withoutSecrets } from "./redact.js";

export interface HttpPolicy extends RetryPolicy {
  /** Per attempt, the body's reading included. */
  timeoutMs: number;
  /** Statuses retried after the backoff (PagerDuty: 429 and 5xx). */
  retryStatus: (status: number) => boolean;
  /** An answer that says "too many requests": retried, and `RateLimitedError` when the retries run out. */
  rateLimited: (answer: HttpAnswer) => boolean;
  /** A rate-limited answer waits what its `Retry-After` asks (seconds or an HTTP date), not the backoff. */
  honourRetryAfter: boolean;
  /** The wait when `Retry-After` is missing or unreadable. */
  retryAfterFallbackMs: number;
  /** Retry when fetch itself fails (refused, reset, timed out). */
  retryNetworkErrors: boolean;
}

export const DEFAULT_HTTP_POLICY: HttpPolicy = {
  timeoutMs: 10_000,
  attempts: 1,
  baseDelayMs: 1_000,
  jitter: false,
  maxWaitMs: Number.POSITIVE_INFINITY,
  retryStatus: () => false,
  rateLimited: () => false,
  honourRetryAfter: false,
  retryAfterFallbackMs: 1_000,
  retryNetworkErrors: false,
};

export interface OutboundRequest {
  /** Names the API in errors, e.g. "Slack chat.postMessage". */
  api: string;
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Texts no error may carry: a token, a URL that is a credential, an authorization header's value. */
  secrets?: readonly string[];
}

/** An answer, its body read as text. */
export interface HttpAnswer {
  status: number;
  ok: boolean;
  headers: FetchAnswer["headers"];
  text: string;
}

/** What the client does its waiting, timing and fetching with; tests pass a recording sleep and a fixed clock. */
export interface HttpIo {
  /** Node's `fetch`, or a test's; `nodeFetch` by default (it spares a cold start loading undici). */
  fetch?: FetchLike | typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

export type HttpSend = (request: OutboundRequest) => Promise<HttpAnswer>;

/**
 * A sender with `policy` merged over the defaults.
 * @example const send = httpClient({ attempts: 4, retryStatus: (s) => s >= 500 }); await send({ api: "X", url })
 */
export function httpClient(policy: Partial<HttpPolicy> = {}, io: HttpIo = {}): HttpSend {
  const p: HttpPolicy = { ...DEFAULT_HTTP_POLICY, ...policy };
  const fetchImpl = (io.fetch ?? nodeFetch) as FetchLike;
  const sleep = io.sleep ?? realSleep;
  const now = io.now ?? Date.now;
  const random = io.random ?? Math.random;
  return async (request) => {
    const secrets = request.secrets ?? [];
    let waitedMs = 0;
    for (let attempt = 1; ; attempt++) {
      let answer: HttpAnswer;
      try {
        answer = await withoutSecrets(secrets, () => exchange(fetchImpl, request, p.timeoutMs));
      } catch (error) {
        const { waitMs, giveUp } = nextRetry(p, { attempt, waitedMs }, random);
        if (!p.retryNetworkErrors || giveUp) throw error;
        waitedMs += waitMs;
        await sleep(waitMs);
        continue;
      }
      const limited = p.rateLimited(answer);
      if (!limited && !p.retryStatus(answer.status)) return answer;
      const requestedMs =
        limited && p.honourRetryAfter
          ? (retryAfterMs(answer.headers.get("retry-after"), now()) ?? p.retryAfterFallbackMs)
          : undefined;
      const { waitMs, giveUp } = nextRetry(p, { attempt, waitedMs, requestedMs }, random);
      if (giveUp) {
        if (limited) throw new RateLimitedError(request.api, waitMs / 1000);
        throw new HttpStatusError(request.api, answer.status, snippetOf(answer.text));
      }
      waitedMs += waitMs;
      await sleep(waitMs);
    }
  };
}

async function exchange(fetchImpl: FetchLike, request: OutboundRequest, timeoutMs: number): Promise<HttpAnswer> {
  const response = await fetchImpl(request.url, {
    method: request.method ?? "GET",
    ...(request.headers && { headers: request.headers }),
    ...(request.body !== undefined && { body: request.body }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  // An error's body only feeds the message: one that breaks off reads as empty, as the adapters always had it.
  const text = await response.text().catch((error: unknown) => {
    if (response.ok) throw error;
    return "";
  });
  return { status: response.status, ok: response.ok, headers: response.headers, text };
}

/** The body as JSON, or `undefined` when it is empty or not JSON. */
export function jsonOf<T>(answer: HttpAnswer): T | undefined {
  try {
    return answer.text ? (JSON.parse(answer.text) as T) : undefined;
  } catch {
    return undefined;
  }
}
