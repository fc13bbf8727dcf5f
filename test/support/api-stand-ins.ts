/**
 * One loopback HTTP server standing in for every external API a handler calls with a secret: the Slack Web API
 * and an incoming webhook, PagerDuty Events v2, the GitHub REST API, a ticket webhook and Supabase's metrics
 * endpoint, each under its own path prefix. It answers like the real APIs, records every request (headers
 * included, so a test can see which credentials were sent), and can be told to answer one prefix with an error.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

const EXPOSITION = readFileSync(path.resolve(import.meta.dirname, "../fixtures/supabase/metrics.prom"), "utf8");

export interface StandInRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface StandIns {
  url: string;
  requests: StandInRequest[];
  /** From now on, requests under `prefix` get this answer (a 401, a 500, Slack's `ok: false`). */
  fail(prefix: string, status: number, body: unknown): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startStandIns(): Promise<StandIns> {
  const requests: StandInRequest[] = [];
  let failures: { prefix: string; status: number; body: unknown }[] = [];
  let issues = 0;
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const path = req.url ?? "/";
    requests.push({ method: req.method ?? "", path, headers: req.headers, body });
    const send = (status: number, answer: unknown, type = "application/json") => {
      res.writeHead(status, { "content-type": type });
      res.end(typeof answer === "string" ? answer : JSON.stringify(answer));
    };
    const failure = failures.find((f) => path.startsWith(f.prefix));
    if (failure) return send(failure.status, failure.body);
    if (path.startsWith("/slack/api/")) {
      const ts = `${1795789270 + requests.length}.000100`;
      return send(200, { ok: true, channel: "C0HERO365", ts: JSON.parse(body).ts ?? ts });
    }
    if (path.startsWith("/slack/webhook/")) return send(200, "ok", "text/plain");
    if (path === "/pagerduty/v2/enqueue") {
      return send(202, { status: "success", message: "Event processed", dedup_key: JSON.parse(body).dedup_key });
    }
    if (path.startsWith("/github/")) {
      if (req.method === "GET") return send(200, { number: 1, state: "open" });
      const number = ++issues;
      return send(201, { number, html_url: `https://github.example/hero365/platform/issues/${number}` });
    }
    if (path.startsWith("/tickets/")) return send(200, { ok: true });
    if (path === "/supabase/metrics") return send(200, EXPOSITION, "text/plain; version=0.0.4");
    send(404, { message: "Not Found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    fail: (prefix, status, body) => failures.push({ prefix, status, body }),
    reset() {
      requests.length = 0;
      failures = [];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
