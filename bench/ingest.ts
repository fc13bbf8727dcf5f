/**
 * `npx tsx bench/ingest.ts [--seconds 15] [--connections 16]`: throughput and latency of the webhook ingest's
 * HTTP path (request → Function URL event → verify → validate → PutEvents → response) on one core.
 * The server runs in a child process pinned to CPU 0 (taskset); the load (autocannon) and the EventBridge stub
 * run here, on the other core. Two rounds: PutEvents through the real SDK client to a loopback EventBridge stub,
 * and through an in-memory client. Writes bench/results.ingest.json.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon, { type Result } from "autocannon";
import { signedHeaders } from "../scripts/lib/sign-webhook.js";
import { fixture } from "../test/support/fixtures.js";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "15" }, connections: { type: "string", default: "16" } },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const SECRET = `whsec_${Buffer.from("bench-webhook-secret-of-32-bytes").toString("base64")}`;
const GOAL = 3000;

/** Loopback stand-in for EventBridge's PutEvents (JSON 1.1 protocol): one event id per request. */
async function eventBridgeStub() {
  let calls = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      calls++;
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
      res.end(`{"FailedEntryCount":0,"Entries":[{"EventId":"${calls}"}]}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; node: string }> {
  const script = path.join(import.meta.dirname, "ingest-server.ts");
  const child = spawn("taskset", ["-c", "0", process.execPath, "--import", "tsx", script], {
    env: { ...process.env, ...env, POWERTOOLS_LOG_LEVEL: "INFO", POWERTOOLS_DEV: "" },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
    child.once("message", (m) => resolve({ child, ...(m as { url: string; node: string }) }));
  });
}

/** Distinct, freshly signed requests (all within the 5-minute tolerance for the whole run). */
function signedRequests(count: number) {
  const samples = ["invoices.insert", "invoices.update-finalized", "invoices.delete"].map((name) =>
    JSON.stringify(fixture(`supabase/${name}`)),
  );
  return Array.from({ length: count }, (_, i) => {
    const body = samples[i % samples.length] as string;
    return { method: "POST", path: "/", headers: signedHeaders(body, SECRET), body };
  });
}

async function round(name: string, env: Record<string, string>) {
  const { child, url, node } = await startServer({ ...env, BENCH_WEBHOOK_SECRET: SECRET });
  const requests = signedRequests(600);
  // Warm-up: JIT, connection pools, the SDK's first-call work.
  await autocannon({ url, connections: CONNECTIONS, duration: 3, requests });
  child.send("start");
  const result: Result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests });
  const usage = await new Promise<{ cpuMicros: number; rss: number }>((resolve) => {
    child.once("message", (m) => resolve(m as { cpuMicros: number; rss: number }));
    child.send("stop");
  });
  const total = result["2xx"];
  return {
    round: name,
    node,
    connections: CONNECTIONS,
    seconds: SECONDS,
    requestsPerSecond: Math.round(total / result.duration),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    ok2xx: total,
    non2xx: result.non2xx,
    errors: result.errors,
    cpuMicrosPerRequest: Math.round((usage.cpuMicros / total) * 10) / 10,
    // What one fully busy core could serve at that CPU cost: steadier than req/s on a shared machine.
    requestsPerCpuSecond: Math.round(total / (usage.cpuMicros / 1e6)),
    serverRssMb: Math.round(usage.rss / 2 ** 20),
  };
}

// The load and the stub stay off the server's core.
spawnSync("taskset", ["-a", "-p", "-c", "1", String(process.pid)], { stdio: "ignore" });
const stub = await eventBridgeStub();
const results = [
  await round("PutEvents via the AWS SDK to a loopback EventBridge stub", {
    BENCH_EVENTBRIDGE_ENDPOINT: stub.endpoint,
  }),
  await round("PutEvents via an in-memory client", {}),
];
const sdkCalls = stub.calls();
await stub.close();

for (const r of results) {
  console.log(
    `${r.round}: ${r.requestsPerSecond} req/s on one core (goal ≥ ${GOAL}), p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, ` +
      `${r.cpuMicrosPerRequest} µs CPU/request (${r.requestsPerCpuSecond} req per CPU-second), ${r.non2xx} non-2xx, ${r.errors} errors (Node ${r.node}, ${r.connections} connections, ${r.seconds} s)`,
  );
}
console.log(`EventBridge stub received ${sdkCalls} PutEvents calls`);
await writeFile(
  path.join(import.meta.dirname, "results.ingest.json"),
  `${JSON.stringify({ at: new Date().toISOString(), goalRequestsPerSecond: GOAL, results }, null, 2)}\n`,
);
