/**
 * The part of `fetch` the HTTP client uses (client.ts), over node:http and node:https. Node's own `fetch` loads
 * undici the first time it is called: about 20 ms of CPU on a cold reaction's first Slack, PagerDuty or GitHub
 * call here (`npx tsx bench/cold-start.ts`), where node:http is already loaded by the AWS SDK. Same answers as
 * `fetch` for what the client reads: status, `ok`, headers by name, the body as text; an aborted request (the
 * client's timeout) rejects with the signal's reason, a `TimeoutError`, as `fetch` does. Its errors never quote
 * the URL or a header's value (fetch's do, and the client had to redact them).
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";

/** What HTTP forbids in a header value (RFC 9110 §5.5): control characters other than tab. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const INVALID_HEADER_VALUE = /[\u0000-\u0008\u000a-\u001f\u007f]/;

export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface FetchAnswer {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** What the client fetches with: Node's `fetch` fits, and so does `nodeFetch`. */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchAnswer>;

/**
 * @example (await nodeFetch("https://slack.com/api/api.test", { method: "POST" })).status // 200
 */
export const nodeFetch: FetchLike = (url, init) =>
  new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      // Not Node's own error: it carries the URL, which may be a credential (a webhook's).
      reject(new TypeError("invalid URL: it does not parse"));
      return;
    }
    // Checked here rather than by node:http, so the error names the header (never its value, often a token).
    const unsendable = Object.entries(init.headers ?? {}).find(([, value]) => INVALID_HEADER_VALUE.test(value));
    if (unsendable) {
      reject(new TypeError(`invalid header value for "${unsendable[0]}": control characters cannot be sent`));
      return;
    }
    const send = target.protocol === "https:" ? httpsRequest : target.protocol === "http:" ? httpRequest : undefined;
    if (!send) {
      reject(new TypeError(`cannot fetch ${target.protocol} URLs`));
      return;
    }
    const { signal } = init;
    const failed = (error: unknown) => reject(signal?.aborted ? signal.reason : error);
    const body = init.body === undefined ? undefined : Buffer.from(init.body);
    const request = send(
      target,
      {
        method: init.method ?? "GET",
        headers: { ...init.headers, ...(body && { "content-length": String(body.length) }) },
        ...(signal && { signal }),
      },
      (response) => resolve(answerOf(response, signal)),
    );
    request.on("error", failed);
    request.end(body);
  });

function answerOf(response: IncomingMessage, signal: AbortSignal | undefined): FetchAnswer {
  const status = response.statusCode ?? 0;
  const chunks: Buffer[] = [];
  const text = new Promise<string>((resolve, reject) => {
    response.on("data", (chunk: Buffer) => chunks.push(chunk));
    response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    response.on("error", (error) => reject(signal?.aborted ? signal.reason : error));
  });
  // Read or not, the body is consumed; a caller that never asks for it must not see an unhandled rejection.
  text.catch(() => {});
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: {
      get: (name) => {
        const value = response.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    },
    text: () => text,
  };
}
