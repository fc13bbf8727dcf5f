/** The outbound HTTP client against a loopback server: retries, Retry-After, timeouts, and errors without secrets. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { httpClient } from "../../core/adapters/http/client.js";
import { REDACTED } from "../../core/adapters/http/redact.js";
import { HttpStatusError, RateLimitedError } from "../../core/kernel/adapter-errors.js";
import { type FakeServer, listen } from "../support/http-fakes.js";

const TOKEN = "xoxb-client-test-secret";
const NOW = Date.parse("2026-11-27T14:21:09Z");

let server: FakeServer;
let waits: number[];
const io = () => ({
  sleep: async (ms: number) => {
    waits.push(ms);
  },
  now: () => NOW,
  random: () => 0.5,
});

beforeAll(async () => {
  server = await listen(() => ({ status: 200, body: { ok: true } }));
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  waits = [];
});

const retryingServerErrors = { attempts: 3, baseDelayMs: 100, retryStatus: (status: number) => status >= 500 };
const rateLimitedOn429 = {
  attempts: 3,
  honourRetryAfter: true,
  maxWaitMs: 10_000,
  rateLimited: ({ status }: { status: number }) => status === 429,
};

describe("the outbound HTTP client", () => {
  it("retries a retryable status with exponential backoff, then returns the answer that succeeded", async () => {
    // Prepare
    const send = httpClient(retryingServerErrors, io());
    server.script({ status: 503, body: "busy" }, { status: 502, body: "gateway" });

    // Act
    const answer = await send({ api: "Test API", url: `${server.url}/thing`, method: "POST", body: "{}" });

    // Assess
    expect(answer).toMatchObject({ status: 200, ok: true, text: '{"ok":true}' });
    expect(server.requests).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
  });

  it("spreads the backoff with jitter when the policy asks for it", async () => {
    const send = httpClient({ ...retryingServerErrors, jitter: true }, { ...io(), random: () => 0.25 });
    server.script({ status: 500 });
    await send({ api: "Test API", url: server.url });
    expect(waits).toEqual([75]);
  });

  it("gives up after the policy's attempts with an HttpStatusError naming the API and the body", async () => {
    const send = httpClient(retryingServerErrors, io());
    server.script({ status: 500, body: "one" }, { status: 500, body: "two" }, { status: 503, body: "three" });
    const failure = send({ api: "Test API", url: server.url });
    await expect(failure).rejects.toBeInstanceOf(HttpStatusError);
    await expect(failure).rejects.toThrow("Test API answered HTTP 503: three");
    expect(server.requests).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
  });

  it("returns an answer its policy does not retry, whatever the status", async () => {
    const send = httpClient(retryingServerErrors, io());
    server.script({ status: 404, body: "no such thing" });
    expect(await send({ api: "Test API", url: server.url })).toMatchObject({ status: 404, ok: false });
    expect(server.requests).toHaveLength(1);
  });

  it("waits a Retry-After given in seconds", async () => {
    const send = httpClient(rateLimitedOn429, io());
    server.script({ status: 429, headers: { "retry-after": "3" } });
    await send({ api: "Test API", url: server.url });
    expect(waits).toEqual([3000]);
  });

  it("waits a Retry-After given as an HTTP date, counted from the clock", async () => {
    const send = httpClient(rateLimitedOn429, io());
    server.script({ status: 429, headers: { "retry-after": new Date(NOW + 4_000).toUTCString() } });
    await send({ api: "Test API", url: server.url });
    expect(waits).toEqual([4000]);
  });

  it("waits the fallback when Retry-After is missing or unreadable", async () => {
    const send = httpClient({ ...rateLimitedOn429, retryAfterFallbackMs: 1_500 }, io());
    server.script({ status: 429 }, { status: 429, headers: { "retry-after": "soon" } });
    await send({ api: "Test API", url: server.url });
    expect(waits).toEqual([1500, 1500]);
  });

  it("gives up with a RateLimitedError when Retry-After asks more than the call may wait", async () => {
    const send = httpClient(rateLimitedOn429, io());
    server.script({ status: 429, headers: { "retry-after": new Date(NOW + 60_000).toUTCString() } });
    const failure = send({ api: "Test API", url: server.url });
    await expect(failure).rejects.toBeInstanceOf(RateLimitedError);
    await expect(failure).rejects.toThrow("Test API is rate limited (retry after 60 s)");
    expect(waits).toEqual([]);
  });

  it("recognises a rate limit in the body when the policy says what one looks like", async () => {
    const send = httpClient(
      { ...rateLimitedOn429, rateLimited: (answer) => answer.text.includes('"error":"ratelimited"') },
      io(),
    );
    server.script({ status: 200, headers: { "retry-after": "2" }, body: { ok: false, error: "ratelimited" } });
    expect(await send({ api: "Test API", url: server.url })).toMatchObject({ status: 200, text: '{"ok":true}' });
    expect(waits).toEqual([2000]);
  });

  it("times out an attempt that gets no answer", async () => {
    const send = httpClient({ timeoutMs: 300 }, io());
    server.script({ status: 200, delayMs: 3_000 });
    await expect(send({ api: "Test API", url: server.url })).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("retries network errors and timeouts only when the policy says so", async () => {
    const send = httpClient({ timeoutMs: 300, attempts: 2, baseDelayMs: 10, retryNetworkErrors: true }, io());
    server.script({ status: 200, delayMs: 3_000 });
    expect(await send({ api: "Test API", url: server.url })).toMatchObject({ status: 200 });
    expect(waits).toEqual([10]);
  });

  it("never lets a secret in the URL into the error", async () => {
    const url = `http://127.0.0.1:not-a-port/hooks/${TOKEN}`;
    // The client's own transport never quotes the URL; Node's fetch does ("Failed to parse URL from ..."), and
    // the client redacts it.
    for (const fetch of [undefined, globalThis.fetch]) {
      const send = httpClient({}, { ...io(), ...(fetch && { fetch }) });
      const failure = send({ api: "Test API", url, secrets: [url] });
      await expect(failure).rejects.toThrow(fetch ? REDACTED : /invalid URL/);
      await expect(failure).rejects.not.toThrow(TOKEN);
      const error = await failure.catch((e: unknown) => e);
      expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(TOKEN);
    }
  });

  it("never lets a secret in a header into the error", async () => {
    // A control character makes the header unsendable: the client's transport names the header, Node's fetch
    // quotes its value (redacted by the client).
    const token = `${TOKEN}\u0000`;
    for (const fetch of [undefined, globalThis.fetch]) {
      const send = httpClient({}, { ...io(), ...(fetch && { fetch }) });
      const failure = send({
        api: "Test API",
        url: server.url,
        headers: { authorization: `Bearer ${token}` },
        secrets: [token],
      });
      await expect(failure).rejects.toThrow(fetch ? REDACTED : 'invalid header value for "authorization"');
      await expect(failure).rejects.not.toThrow(TOKEN);
      const error = await failure.catch((e: unknown) => e);
      expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(TOKEN);
    }
    expect(server.requests).toHaveLength(0);
  });

  it("keeps secrets out of the error it throws when the retries run out", async () => {
    const send = httpClient(retryingServerErrors, io());
    server.script({ status: 500 }, { status: 500 }, { status: 500 });
    const url = `${server.url}/hooks/${TOKEN}`;
    const failure = send({ api: "Test API", url, headers: { authorization: `Bearer ${TOKEN}` }, secrets: [url] });
    await expect(failure).rejects.toBeInstanceOf(HttpStatusError);
    await expect(failure).rejects.not.toThrow(TOKEN);
  });
});
