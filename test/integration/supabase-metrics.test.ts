import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dynamoItemStore } from "../../core/adapters/aws/dynamo-items.js";
import type { StageConfig } from "../../core/config/index.js";
import type { SecretName } from "../../core/config/secrets.js";
import type { ItemStore } from "../../core/kernel/ports.js";
import { egressKey } from "../../core/supabase/collect.js";
import { clearRuntimes, useRuntime } from "../../functions/lib/middleware/runtime.js";
import { supabasePorts } from "../../functions/lib/supabase.js";
import { handler } from "../../functions/supabase-metrics.js";
import { lambdaContext } from "../../sim/local/local-invoke.js";
import { testConfig } from "../support/config.js";
import { captureEmf, values } from "../support/emf.js";
import { fixture } from "../support/fixtures.js";
import { useLoopback } from "../support/loopback.js";
import { type PgCluster, startPgCluster } from "../support/pg-cluster.js";

const EXPOSITION = readFileSync(path.resolve(import.meta.dirname, "../fixtures/supabase/metrics.prom"), "utf8");
const KEY = "service-role-key-for-tests";
const PROJECT = "hero365prodprojectrf";

let store: ItemStore;
let table = 0;

const servers = useLoopback({ dynamo: true });

async function freshStore(): Promise<ItemStore> {
  const name = `state-${++table}`;
  await servers.dynamo.createTable(name);
  return dynamoItemStore(servers.dynamo.client, name);
}

function install(config: StageConfig, secrets: Partial<Record<SecretName, string>>, metricsUrl?: string) {
  const now = () => new Date("2026-11-27T18:05:00Z");
  const secret = async (name: SecretName) => {
    const value = secrets[name];
    if (!value) throw new Error(`no ${name}`);
    return value;
  };
  const { ports, executors } = supabasePorts({ config, secret, store, now, metricsUrl });
  useRuntime("supabase-metrics", {
    stage: "prod",
    config,
    dryRun: false,
    now,
    store,
    executors,
    secret,
    supabase: ports,
  });
}

const invoke = () =>
  handler(fixture("scheduled/supabase-metrics"), lambdaContext("supabase-metrics", "prod")) as Promise<any>;

describe("supabase-metrics in Prometheus mode (loopback metrics endpoint)", () => {
  let server: Server;
  let url: string;
  let answer: { status: number; body: string };
  let seen: IncomingHttpHeaders[] = [];
  let emf: ReturnType<typeof captureEmf>;

  beforeAll(async () => {
    emf = captureEmf();
    server = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(answer.status, { "content-type": "text/plain; version=0.0.4" });
      res.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/customer/v1/privileged/metrics`;
  });
  afterAll(async () => {
    emf.restore();
    clearRuntimes();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  afterEach(() => {
    seen = [];
    emf.take();
  });

  const withTransmit = (bytes: number) =>
    EXPOSITION.replace(/^(db_transmit_bytes\{[^}]*\}) \S+$/m, `$1 ${bytes.toExponential()}`);

  it("publishes connection utilisation, connections and egress with the ProjectRef dimension only", async () => {
    store = await freshStore();
    install(testConfig("prod"), { SUPABASE_SERVICE_ROLE_KEY: KEY }, url);

    answer = { status: 200, body: withTransmit(201_075_000_000) };
    const first = await invoke();
    answer = { status: 200, body: withTransmit(206_075_000_000) };
    await invoke();

    expect(first).toMatchObject({ ok: true, source: "prometheus", connections: { active: 78, max: 90 } });
    expect(seen[0]?.authorization).toBe(`Basic ${Buffer.from(`service_role:${KEY}`).toString("base64")}`);
    const [baseline, next] = emf.take();
    for (const line of [baseline!, next!]) {
      expect(line._aws.CloudWatchMetrics[0]).toMatchObject({
        Namespace: "Hero365/Supabase",
        Dimensions: [["ProjectRef"]],
      });
      expect(line.ProjectRef).toBe(PROJECT);
      expect(line).not.toHaveProperty("service");
    }
    // The first scrape sets the counters' baseline: no delta yet, nothing counted for the month. At 86.67 % the
    // connection counts the plan-upgrade ticket quotes are metrics; egress bytes are log fields only.
    expect(values(baseline!)).toEqual({
      ConnectionUtilization: 86.67,
      ActiveConnections: 78,
      MaxConnections: 90,
      CollectorErrors: 0,
      EgressUtilization: 0,
    });
    expect(baseline).toMatchObject({ EgressMonthToDateBytes: 0 });
    expect(baseline).not.toHaveProperty("EgressBytes");
    expect(values(next!)).toEqual({
      ConnectionUtilization: 86.67,
      ActiveConnections: 78,
      MaxConnections: 90,
      CollectorErrors: 0,
      EgressUtilization: 2,
    });
    expect(next).toMatchObject({ EgressBytes: 5e9, EgressMonthToDateBytes: 5e9 });
    expect(next!._aws.CloudWatchMetrics[0]?.Metrics).toContainEqual({ Name: "EgressUtilization", Unit: "Percent" });
    const declared = next!._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name);
    expect(declared).not.toContain("EgressBytes");
    expect(declared).not.toContain("EgressMonthToDateBytes");
  });

  it("counts a counter that went down as reset: the delta is its new value, never negative", async () => {
    store = await freshStore();
    install(testConfig("prod"), { SUPABASE_SERVICE_ROLE_KEY: KEY }, url);
    answer = { status: 200, body: withTransmit(201_075_000_000) };
    await invoke();
    answer = { status: 200, body: withTransmit(201_575_000_000) };
    await invoke();
    // The database restarted: its counter starts again from zero.
    answer = { status: 200, body: withTransmit(1_000_000_000) };
    const afterReset = await invoke();

    const lines = emf.take();
    expect(lines.map((line) => line.EgressBytes)).toEqual([undefined, 5e8, 1e9]);
    expect(lines[2]).toMatchObject({ EgressMonthToDateBytes: 1.5e9 });
    expect(values(lines[2]!)).toMatchObject({ EgressUtilization: 0.6 });
    expect(afterReset.egress.resets).toEqual([
      `db_transmit_bytes{service_type="db",supabase_project_ref="${PROJECT}"}`,
    ]);
  });

  it("publishes nothing measured on a 401, only CollectorErrors = 1, and reports why", async () => {
    store = await freshStore();
    install(testConfig("prod"), { SUPABASE_SERVICE_ROLE_KEY: "wrong" }, url);
    answer = { status: 401, body: '{"message":"Unauthorized"}' };

    const result = await invoke();

    expect(result).toMatchObject({ ok: false, reason: "unauthorized" });
    expect(result.message).toContain("HTTP 401");
    expect(result.message).not.toContain("wrong");
    const [line] = emf.take();
    expect(values(line!)).toEqual({ CollectorErrors: 1 });
    expect(line).toMatchObject({ ProjectRef: PROJECT, reason: "unauthorized" });
    const key = egressKey(PROJECT);
    expect(await store.get(key.pk, key.sk)).toBeUndefined();
  });

  it("calls a login page or an error body malformed, not a measurement", async () => {
    store = await freshStore();
    install(testConfig("prod"), { SUPABASE_SERVICE_ROLE_KEY: KEY }, url);
    answer = { status: 200, body: "<html><body>Please sign in</body></html>" };
    expect(await invoke()).toMatchObject({ ok: false, reason: "malformed" });
    expect(values(emf.take()[0]!)).toEqual({ CollectorErrors: 1 });
  });
});

describe("supabase-metrics in SQL mode (throwaway PostgreSQL 15 cluster)", () => {
  let cluster: PgCluster;
  const held: postgres.Sql[] = [];
  let emf: ReturnType<typeof captureEmf>;

  beforeAll(async () => {
    emf = captureEmf();
    cluster = await startPgCluster({ max_connections: "20" });
  }, 60_000);
  afterAll(async () => {
    emf.restore();
    clearRuntimes();
    await Promise.all(held.map((sql) => sql.end({ timeout: 1 })));
    await cluster.stop();
  });

  it("publishes client backends against max_connections, and no egress (Postgres counts no bytes)", async () => {
    store = await freshStore();
    for (let i = 0; i < 4; i++) {
      const sql = postgres(cluster.url(), { max: 1, onnotice: () => undefined });
      await sql`select 1`;
      held.push(sql);
    }
    const prod = testConfig("prod");
    const config = { ...prod, supabase: { ...prod.supabase, metricsSource: "sql" as const } };
    install(config, { SUPABASE_DB_URL: cluster.url() });

    const result = await invoke();

    // Four held connections and the collector's own. At 25 %, far from the 80 % alarm, the connection counts
    // are log fields of the line, not metrics CloudWatch bills.
    expect(result).toMatchObject({ ok: true, source: "sql", connections: { active: 5, max: 20 } });
    const [line] = emf.take();
    expect(line).toMatchObject({ ProjectRef: PROJECT, ActiveConnections: 5, MaxConnections: 20 });
    expect(values(line!)).toEqual({ ConnectionUtilization: 25, CollectorErrors: 0 });
  });

  it("reports a database it cannot reach as a failed read, without the URL's password", async () => {
    store = await freshStore();
    const prod = testConfig("prod");
    const config = { ...prod, supabase: { ...prod.supabase, metricsSource: "sql" as const } };
    install(config, { SUPABASE_DB_URL: `postgres://postgres:s3cret@127.0.0.1:${cluster.port}/no_such_database` });

    const result = await invoke();

    expect(result).toMatchObject({ ok: false, reason: "database" });
    expect(result.message).toContain("no_such_database");
    expect(result.message).not.toContain("s3cret");
    expect(values(emf.take()[0]!)).toEqual({ CollectorErrors: 1 });
  });
});
