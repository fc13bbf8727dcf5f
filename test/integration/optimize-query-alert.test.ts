import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { snsPublisher } from "../../core/adapters/aws/sns.js";
import { slackWebApi } from "../../core/adapters/http/slack-web-api.js";
import { memoryItemStore } from "../../core/adapters/local/memory-items.js";
import type { SecretName } from "../../core/config/secrets.js";
import { useRuntime } from "../../functions/lib/runtime.js";
import { supabasePorts } from "../../functions/lib/supabase.js";
import { handler } from "../../functions/optimize-query-alert.js";
import { lambdaContext } from "../../sim/local/local-invoke.js";
import { agreeingAlarms } from "../support/agreeing-alarms.js";
import { testConfig } from "../support/config.js";
import { fixture } from "../support/fixtures.js";
import { SLACK_TOKEN } from "../support/http-fakes.js";
import { useLoopback } from "../support/loopback.js";
import { type PgCluster, startPgCluster } from "../support/pg-cluster.js";

const MIGRATION = readFileSync(
  path.resolve(import.meta.dirname, "../../supabase/migrations/20261127000100_hero365_schema.sql"),
  "utf8",
);
/** Debian's postgresql-15-hypopg (installed by .ci/run); without it the advisor falls back to the heuristic. */
const HYPOPG = existsSync("/usr/share/postgresql/15/extension/hypopg.control");
const ALERTS = "arn:aws:sns:us-east-1:123456789012:hero365-prod-alerts";

let cluster: PgCluster;
const sns = mockClient(SNSClient);
const alarms = agreeingAlarms();

const servers = useLoopback({ slack: true });
beforeAll(async () => {
  cluster = await startPgCluster();
  const admin = postgres(cluster.url(), { max: 1, onnotice: () => undefined });
  await admin`create database hero365`;
  await admin.end();
  const db = postgres(cluster.url("hero365"), { max: 1, onnotice: () => undefined });
  // The Hero365 schema without the seed's composite index: the query below has to make do without it.
  await db.unsafe(MIGRATION);
  await db`drop index public.idx_jobs_business_status`;
  await db`create extension pg_stat_statements`;
  if (HYPOPG) await db`create extension hypopg`;
  await db.unsafe(`
    insert into public.businesses (id, user_id, name)
      select gen_random_uuid(), gen_random_uuid(), 'Business ' || g from generate_series(1, 50) g;
    insert into public.jobs (business_id, title, status)
      select b.id, 'Job ' || g, (array['open','scheduled','in_progress','done','cancelled'])[1 + g % 5]
      from public.businesses b, generate_series(1, 400) g;
    insert into public.invoices (business_id, invoice_number, customer_name, customer_email)
      select b.id, 'INV-' || g, 'Customer ' || g, 'customer' || (g % 300) || '@example.com'
      from public.businesses b, generate_series(1, 60) g;
    analyze;
    select pg_stat_statements_reset();
  `);
  await db.end();

  // The workload: what the app does all day, through the extended protocol (parameters, as in production).
  const app = postgres(cluster.url("hero365"), { max: 1, onnotice: () => undefined });
  const ids = (await app`select id from public.businesses`).map((r) => r.id as string);
  const statuses = ["open", "scheduled", "in_progress", "done", "cancelled"];
  for (let i = 0; i < 300; i++) {
    await app`select id, title, status, scheduled_for from public.jobs where business_id = ${ids[i % ids.length]!} and status = ${statuses[i % 5]!}`;
  }
  for (let i = 0; i < 40; i++) {
    await app`select * from public.invoices where customer_email = ${`customer${i}@example.com`} order by issued_at desc`;
  }
  for (let i = 0; i < 500; i++) await app`select id, name from public.businesses where id = ${ids[i % ids.length]!}`;
  await app.end();
}, 120_000);

afterAll(async () => {
  useRuntime(undefined);
  sns.restore();
  await cluster.stop();
});

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: "m-1" });
  servers.slack.reset();
  installRuntime(cluster.url("hero365"));
});

/** The handler's runtime: Supabase ports on `databaseUrl`, Slack on the loopback stand-in, SNS mocked. */
function installRuntime(databaseUrl: string) {
  const prod = testConfig("prod");
  const config = {
    ...prod,
    notifications: { ...prod.notifications, slackApiUrl: servers.slack.url, pagerduty: false },
  };
  const now = () => new Date("2026-11-30T23:41:30Z");
  const store = memoryItemStore();
  const secret = async (name: SecretName) => {
    if (name === "SLACK_BOT_TOKEN") return SLACK_TOKEN;
    if (name !== "SUPABASE_DB_URL") throw new Error(`unexpected secret ${name}`);
    return databaseUrl;
  };
  const slackApi = slackWebApi({ baseUrl: servers.slack.url, token: () => secret("SLACK_BOT_TOKEN") });
  const { ports } = supabasePorts({ config, secret, store, now, history: { read: async () => [] } });
  useRuntime({
    stage: "prod",
    config,
    dryRun: false,
    now,
    store,
    secret,
    executors: {
      "sns.Publish": snsPublisher(new SNSClient({}), { alerts: ALERTS, onCall: undefined }),
      "slack.chat.postMessage": slackApi.postMessage,
      "slack.chat.update": slackApi.update,
    },
    supabase: ports,
    alarms: alarms.reader,
  });
}

const deliver = (event: unknown) =>
  alarms.deliver(event, (e) => handler(e, lambdaContext("optimize-query-alert", "prod")));
const published = () => sns.commandCalls(PublishCommand).map((call) => call.args[0].input);

describe("optimize-query-alert against a throwaway cluster with pg_stat_statements", () => {
  it("sends one notice naming the jobs query and an index on business_id (and status)", async () => {
    const result = await deliver(fixture("cloudwatch/bandwidth-high.alarm"));

    expect(result).toMatchObject({
      outcome: "act",
      status: "applied",
      effects: [{ type: "slack.chat.postMessage" }, { type: "sns.Publish" }],
    });
    expect(servers.slack.calls("chat.postMessage")).toHaveLength(1);
    expect(published()).toHaveLength(1);
    const [notice] = published();
    expect(notice?.TopicArn).toBe(ALERTS);
    expect(notice?.Subject).toBe(
      "[ALARM] hero365 prod supabase: Supabase egress at 80.4 % of the plan: queries to optimize",
    );
    const message = notice?.Message ?? "";
    expect(message).toMatch(
      /Query \d \([^)]*most rows returned[^)]*\): select id, title, status, scheduled_for from public\.jobs where business_id = \$1 and status = \$2 \| 300 calls, 80 rows\/call/,
    );
    expect(message).toMatch(
      /CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_jobs_business_id_status ON public\.jobs USING btree \(business_id, status\);/,
    );
    expect(message).toContain("Egress this month: ≈201.1 GB of 250 GB (80.4 %)");
    expect(message).toMatch(/Sequential scans dominate on: public\.invoices: \d+ seq scans/);
  });

  it.skipIf(!HYPOPG)(
    "checks the suggestion with hypopg: the planner's cost drops with the hypothetical index",
    async () => {
      await handler(fixture("manual/optimize-query.request"), lambdaContext("optimize-query-alert", "prod"));

      const message = published()[0]?.Message ?? "";
      expect(message).toContain("Index advice by: hypopg hypothetical indexes (index_advisor is not installed)");
      const line =
        message.split("\n").find((l) => l.startsWith("Index for") && l.includes("idx_jobs_business_id_status")) ?? "";
      const [, before, after] = /hypopg: planner cost ([\d,]+) → ([\d,]+)/.exec(line) ?? [];
      expect(Number(after?.replaceAll(",", ""))).toBeLessThan(Number(before?.replaceAll(",", "")));
      // The suggestion for invoices comes from the query's WHERE column as well.
      expect(message).toContain("idx_invoices_customer_email ON public.invoices USING btree (customer_email)");
    },
  );

  it("still alerts, saying why, when the statistics cannot be read", async () => {
    installRuntime(`postgres://postgres@127.0.0.1:${cluster.port}/postgres`);

    await deliver(fixture("cloudwatch/bandwidth-high.alarm"));

    expect(published()[0]?.Message).toContain(
      "Query statistics could not be read (pg_stat_statements is not installed in this database",
    );
  });
});
