/**
 * Real HTTP servers on 127.0.0.1 standing in for the Slack Web API (plus an incoming webhook) and the
 * PagerDuty Events API v2. They record every request and answer like the real APIs; a test can script the
 * next answers (a 429 with retry-after, a 500).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  /** The status and body the fake answered with. */
  status?: number;
  response?: any;
  path: string;
  headers: IncomingMessage["headers"];
  body: any;
}

export interface Scripted {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Answer only after this long (a slow or hung API). */
  delayMs?: number;
}

export interface FakeServer {
  url: string;
  requests: Recorded[];
  /** Answers for the next requests, in order, before the normal behaviour resumes. */
  script(...answers: Scripted[]): void;
  reset(): void;
  close(): Promise<void>;
}

/** A loopback server answering each request with `handle`'s answer, or the next scripted one. */
export async function listen(handle: (request: Recorded) => Scripted): Promise<FakeServer> {
  const requests: Recorded[] = [];
  let scripted: Scripted[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const recorded: Recorded = {
      path: req.url ?? "/",
      headers: req.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    requests.push(recorded);
    const answer = scripted.shift() ?? handle(recorded);
    recorded.status = answer.status;
    recorded.response = answer.body;
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (res.destroyed) return;
    res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
    res.end(typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...answers) => scripted.push(...answers),
    reset() {
      requests.length = 0;
      scripted = [];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface FakeSlack extends FakeServer {
  /** The Web API calls, by method (`chat.postMessage`, `chat.update`). */
  calls(method: string): Recorded[];
  /** Requests to the incoming webhook. */
  webhookPosts(): Recorded[];
}

export const SLACK_CHANNEL_ID = "C0HERO365";
export const SLACK_TOKEN = "xoxb-test-token";

export async function fakeSlack(): Promise<FakeSlack> {
  let next = 1795789270;
  const messages = new Set<string>();
  const server = await listen(({ path, headers, body }) => {
    if (path === "/webhook") return { status: 200, body: "ok" };
    if (headers.authorization !== `Bearer ${SLACK_TOKEN}`)
      return { status: 200, body: { ok: false, error: "invalid_auth" } };
    if (path === "/api/chat.postMessage") {
      const ts = `${next++}.000100`;
      messages.add(ts);
      return { status: 200, body: { ok: true, channel: SLACK_CHANNEL_ID, ts } };
    }
    if (path === "/api/chat.update") {
      if (body.channel !== SLACK_CHANNEL_ID) return { status: 200, body: { ok: false, error: "channel_not_found" } };
      if (!messages.has(body.ts)) return { status: 200, body: { ok: false, error: "message_not_found" } };
      return { status: 200, body: { ok: true, channel: body.channel, ts: body.ts } };
    }
    return { status: 404, body: { ok: false, error: "unknown_method" } };
  });
  return {
    ...server,
    url: `${server.url}/api`,
    calls: (method) => server.requests.filter((r) => r.path === `/api/${method}`),
    webhookPosts: () => server.requests.filter((r) => r.path === "/webhook"),
  };
}

export const ROUTING_KEY = "R0UT1NGKEY0123456789012345678901";

export interface FakePagerDuty extends FakeServer {
  /** The events enqueued, in order. */
  events(): any[];
  /** The events answered 202 (a valid routing key). */
  accepted(): any[];
}

export async function fakePagerDuty(): Promise<FakePagerDuty> {
  const server = await listen(({ path, body }) => {
    if (path !== "/v2/enqueue") return { status: 404, body: { status: "not found" } };
    if (body?.routing_key !== ROUTING_KEY)
      return {
        status: 400,
        body: { status: "invalid event", message: "Event object is invalid", errors: ["invalid routing key"] },
      };
    return { status: 202, body: { status: "success", message: "Event processed", dedup_key: body.dedup_key } };
  });
  return {
    ...server,
    events: () => server.requests.filter((r) => r.path === "/v2/enqueue").map((r) => r.body),
    accepted: () => server.requests.filter((r) => r.path === "/v2/enqueue" && r.status === 202).map((r) => r.body),
  };
}
