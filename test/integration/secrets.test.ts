/**
 * Secrets never leak. Every handler runs with every secret set to a recognisable value, on its success paths and
 * its failure paths (APIs answering 401, 400 or 500, unreachable endpoints and databases, misconfigured secrets),
 * against loopback stand-ins of the external APIs and a throwaway database on the machine's PostgreSQL. Nothing
 * it leaves behind may hold a secret, plain, base64- or URL-encoded: log output (console, stdout, stderr),
 * effects planned and applied with their outputs, errors with their cause chains, own properties and stacks,
 * notification texts, Slack blocks and SNS messages, the audit and state records, the return value.
 */
import { inspect } from "node:util";
import type { Context } from "aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { MemoryPersistenceLayer } from "../../core/adapters/local/memory-idempotency.js";
import { memoryItemStore } from "../../core/adapters/local/memory-items.js";
import { postgresInvoices, postgresInvoiceUpdater } from "../../core/adapters/postgres/invoices.js";
import { lazyPostgres } from "../../core/adapters/postgres/postgres.js";
import type { StageConfig } from "../../core/config/index.js";
import { SECRET_NAMES, type SecretName } from "../../core/config/secrets.js";
import type { AppliedEffect } from "../../core/kernel/applier.js";
import type { EffectType } from "../../core/kernel/effects.js";
import type { Executors } from "../../core/kernel/ports.js";
import { stateUpdater, stateWriter } from "../../core/kernel/state-writer.js";
import { handler as invoiceSweep } from "../../functions/invoice-sweep.js";
import { handler as invoiceWorker } from "../../functions/invoice-worker.js";
import { clearRuntimes, useRuntime } from "../../functions/lib/middleware/runtime.js";
import { notificationExecutors } from "../../functions/lib/notification-executors.js";
import type { FunctionName, LocalRuntime } from "../../functions/lib/runtime.js";
import { supabasePorts } from "../../functions/lib/supabase.js";
import { handler as notify } from "../../functions/notify.js";
import { handler as optimizeQueryAlert } from "../../functions/optimize-query-alert.js";
import { handler as pageOncall } from "../../functions/page-oncall.js";
import { handler as planUpgradeTicket } from "../../functions/plan-upgrade-ticket.js";
import { handler as scaleEcs } from "../../functions/scale-ecs.js";
import { handler as supabaseMetrics } from "../../functions/supabase-metrics.js";
import { handler as supabaseWebhook } from "../../functions/supabase-webhook.js";
import { signedHeaders } from "../../scripts/lib/sign-webhook.js";
import { lambdaContext } from "../../sim/local/local-invoke.js";
import { agreeWithEvent, DEFAULT_WORLD, WorldSchema, worldAlarms, worldRuntime } from "../../sim/local/world.js";
import { type StandIns, startStandIns } from "../support/api-stand-ins.js";
import { testConfig } from "../support/config.js";
import { fixture } from "../support/fixtures.js";
import { insertDocument, invoiceDocument } from "../support/invoice-documents.js";
import { createTestDatabase, type TestDatabase } from "../support/postgres.js";

// Everything logs, at every level, and metrics print: set before the logger is built, on import.
const LOGGING = vi.hoisted(() => {
  const before = { level: process.env.POWERTOOLS_LOG_LEVEL, metrics: process.env.POWERTOOLS_METRICS_DISABLED };
  process.env.POWERTOOLS_LOG_LEVEL = "DEBUG";
  process.env.POWERTOOLS_METRICS_DISABLED = "false";
  return before;
});

const MARK = "7f3a9c";
/** What every secret's value contains, whatever its format: the string no output may hold. */
const core = (name: SecretName) => `SECRET-${name}-${MARK}`;
const WORLD = WorldSchema.parse(DEFAULT_WORLD);
const NOW = new Date(WORLD.now);

let stand: StandIns;
let db: TestDatabase;
let secrets: Record<SecretName, string>;

beforeAll(async () => {
  [stand, db] = await Promise.all([startStandIns(), createTestDatabase("secrets")]);
  await insertDocument(db.sql, invoiceDocument());
  secrets = {
    SLACK_BOT_TOKEN: `xoxb-${core("SLACK_BOT_TOKEN")}`,
    SLACK_WEBHOOK_URL: `${stand.url}/slack/webhook/${core("SLACK_WEBHOOK_URL")}`,
    PAGERDUTY_ROUTING_KEY: core("PAGERDUTY_ROUTING_KEY"),
    GITHUB_TOKEN: `ghp_${core("GITHUB_TOKEN")}`,
    SUPABASE_SERVICE_ROLE_KEY: core("SUPABASE_SERVICE_ROLE_KEY"),
    // The machine's PostgreSQL trusts loopback connections: the password is sent and ignored.
    SUPABASE_DB_URL: databaseUrl(5432, db.name),
    SUPABASE_WEBHOOK_SECRET: `whsec_${Buffer.from(core("SUPABASE_WEBHOOK_SECRET")).toString("base64")}`,
    SLACK_SIGNING_SECRET: core("SLACK_SIGNING_SECRET"),
    TICKET_WEBHOOK_URL: `${stand.url}/tickets/${core("TICKET_WEBHOOK_URL")}`,
  };
});
afterAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = LOGGING.level;
  process.env.POWERTOOLS_METRICS_DISABLED = LOGGING.metrics;
  clearRuntimes();
  await Promise.all([stand?.close(), db?.drop()]);
});
afterEach(() => {
  stand.reset();
  clearRuntimes();
});

function databaseUrl(port: number, database: string): string {
  return `postgres://postgres:${core("SUPABASE_DB_URL")}@127.0.0.1:${port}/${database}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Where a secret could hide

/** A secret and the forms it could take in output: plain, URL-encoded, base64 (any alignment, URL-safe too). */
function needles(name: SecretName, value: string): { form: string; text: string }[] {
  const forms = new Map<string, string>();
  for (const [what, text] of [
    ["value", value],
    ["core", core(name)],
  ] as const) {
    const add = (form: string, label: string) => {
      if (!forms.has(form)) forms.set(form, label);
    };
    add(text, what);
    add(encodeURIComponent(text), `${what}, URL-encoded`);
    add(new URLSearchParams({ v: text }).toString().slice(2), `${what}, form-encoded`);
    for (let offset = 0; offset < 3; offset++) {
      // Base64 of the secret after `offset` other bytes (a Basic auth's "service_role:" prefix): the characters
      // that only the secret's bytes determine.
      const encoded = Buffer.from(`${"\0".repeat(offset)}${text}`);
      for (const [variant, b64] of [
        ["base64", encoded.toString("base64")],
        ["base64url", encoded.toString("base64url")],
      ] as const) {
        add(b64.slice(Math.ceil((4 * offset) / 3), b64.length - 4), `${what}, ${variant}`);
      }
    }
  }
  return [...forms].map(([text, form]) => ({ text, form }));
}

const INSPECT = {
  depth: 40,
  showHidden: true,
  maxArrayLength: 200,
  maxStringLength: Number.POSITIVE_INFINITY,
  breakLength: Number.POSITIVE_INFINITY,
} as const;

/** Everything a value shows when inspected (errors with stack, cause chain and own properties) or serialized. */
function render(value: unknown): string {
  let json = "";
  try {
    json = JSON.stringify(value, (_key, v) => (v instanceof Uint8Array ? Buffer.from(v).toString("latin1") : v)) ?? "";
  } catch {
    // Cyclic: inspect shows it all anyway.
  }
  return `${inspect(value, INSPECT)}\n${json}`;
}

/** Fails naming each secret found, in which form, in which output, with a little context. */
function expectNoSecrets(outputs: Record<string, unknown>, values: Record<SecretName, string> = secrets): void {
  const found: string[] = [];
  for (const [where, value] of Object.entries(outputs)) {
    const text = render(value);
    for (const name of SECRET_NAMES) {
      for (const { text: needle, form } of needles(name, values[name])) {
        const at = text.indexOf(needle);
        if (at >= 0) found.push(`${name} (${form}) in ${where}: …${text.slice(Math.max(0, at - 60), at + 60)}…`);
      }
    }
  }
  if (found.length > 0) throw new Error(`secrets found:\n${found.join("\n")}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The runtime: real adapters for every API that takes a secret, recording stand-ins for AWS control-plane calls

const AWS_EFFECTS = [
  "sns.Publish",
  "sqs.SendMessage",
  "sqs.SendMessageBatch",
  "events.PutEvents",
  "s3.PutObject",
  "ecs.UpdateService",
  "applicationautoscaling.RegisterScalableTarget",
] as const satisfies readonly EffectType[];

interface Setup {
  config?: (config: StageConfig) => StageConfig;
  secrets?: Partial<Record<SecretName, string>>;
  /** Stand-in prefixes that answer with an error: [prefix, status, body]. */
  fail?: [string, number, unknown][];
  /** AWS calls that fail (throttled beyond the SDK's retries). */
  awsFails?: (typeof AWS_EFFECTS)[number][];
  metricsUrl?: string;
}

interface Run {
  runtime: LocalRuntime;
  applied: AppliedEffect[];
}

function runtimeFor(setup: Setup): Run {
  const prod = testConfig("prod");
  const base: StageConfig = {
    ...prod,
    notifications: {
      ...prod.notifications,
      slackApiUrl: `${stand.url}/slack/api`,
      pagerdutyEventsUrl: `${stand.url}/pagerduty`,
    },
    tickets: {
      sink: "github",
      apiUrl: `${stand.url}/github`,
      owner: "hero365",
      repo: "platform",
      labels: ["supabase"],
    },
  };
  const config = setup.config ? setup.config(base) : base;
  const values = { ...secrets, ...setup.secrets };
  const secret = async (name: SecretName) => values[name];
  const store = memoryItemStore();
  const now = () => NOW;
  const database = lazyPostgres(() => secret("SUPABASE_DB_URL"), "hero365-secrets-test");
  const supabase = supabasePorts({
    config,
    secret,
    store,
    now,
    metricsUrl: setup.metricsUrl ?? `${stand.url}/supabase/metrics`,
    history: { read: async (name) => WORLD.supabase.history[name] ?? [] },
  });
  const aws = Object.fromEntries(
    AWS_EFFECTS.map((type) => [
      type,
      async () => {
        if (setup.awsFails?.includes(type)) {
          throw Object.assign(new Error("Rate exceeded"), {
            name: "ThrottlingException",
            $metadata: { httpStatusCode: 400, attempts: 3 },
          });
        }
        return { ok: true, type };
      },
    ]),
  );
  const applied: AppliedEffect[] = [];
  for (const [prefix, status, body] of setup.fail ?? []) stand.fail(prefix, status, body);
  const executors: Executors = {
    ...aws,
    ...notificationExecutors(config, secret, async () => undefined),
    ...supabase.executors,
    "dynamodb.PutItem": stateWriter(store),
    "dynamodb.UpdateItem": stateUpdater(store),
    "postgres.invoices.update": postgresInvoiceUpdater(database.sql),
  };
  const runtime: LocalRuntime = {
    ...worldRuntime(WORLD, "prod", config),
    config,
    dryRun: false,
    local: false,
    now,
    store,
    secret,
    executors,
    onEffect: (effect) => applied.push(effect),
    supabase: supabase.ports,
    invoices: async () => postgresInvoices(await database.sql()),
    idempotency: new MemoryPersistenceLayer(),
    close: database.close,
  };
  return { runtime, applied };
}

/** Log output by every route Powertools or anything else could take. */
function captureOutput(into: string[]): () => void {
  const keep = (...args: unknown[]) => {
    into.push(args.map((a) => (typeof a === "string" ? a : inspect(a, INSPECT))).join(" "));
  };
  const spies = [
    ...(["log", "info", "warn", "error", "debug", "trace"] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(keep),
    ),
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => {
      keep(String(chunk));
      return true;
    }),
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => {
      keep(String(chunk));
      return true;
    }),
  ];
  return () => {
    for (const spy of spies) spy.mockRestore();
  };
}

type Handler = (event: never, context: Context) => Promise<unknown>;

interface Result {
  value?: unknown;
  error?: Error;
  applied: AppliedEffect[];
  logs: string[];
}

async function runHandler(fn: FunctionName, handler: Handler, event: unknown, setup: Setup = {}): Promise<Result> {
  const { runtime, applied } = runtimeFor(setup);
  // CloudWatch agrees with the event: its alarm is in the event's state since its transition.
  useRuntime(fn, { ...runtime, alarms: worldAlarms(agreeWithEvent(WORLD, event)) });
  const logs: string[] = [];
  const release = captureOutput(logs);
  let value: unknown;
  let error: Error | undefined;
  try {
    value = await handler(event as never, lambdaContext(fn, "prod"));
  } catch (thrown) {
    error = thrown as Error;
  } finally {
    release();
    await runtime.close?.();
  }
  const state = (runtime.store as ReturnType<typeof memoryItemStore>).items();
  // What reached the APIs, bar the credentials themselves (headers, a webhook URL's path, PagerDuty's routing key).
  const sentBodies = stand.requests.map(({ path, body }) =>
    path.startsWith("/pagerduty") ? { ...JSON.parse(body), routing_key: undefined } : body,
  );
  expectNoSecrets({
    logs,
    "applied effects": applied,
    error,
    "state table (audit, steps, episodes)": state,
    "return value": value,
    "request bodies": sentBodies,
  });
  return { value, error, applied, logs };
}

/** A Function URL request carrying `body`, signed with the stage's webhook secret. */
function signedRequest(body: string, secret = secrets.SUPABASE_WEBHOOK_SECRET) {
  const event = fixture<Record<string, unknown>>("function-url/invoices.update-finalized.signed");
  return { ...event, body, headers: { ...(event.headers as object), ...signedHeaders(body, secret, { at: NOW }) } };
}
const FINALIZED = JSON.stringify(fixture("supabase/invoices.update-finalized"));

const sent = (header: string) => stand.requests.map((r) => r.headers[header]);
const errorOf = (r: Result) => r.error ?? expect.fail(`expected an error, got ${render(r.value).slice(0, 300)}`);
const effectTypes = (r: Result) => r.applied.map((a) => a.effect.type);

// ---------------------------------------------------------------------------------------------------------------

describe("the leak detector", () => {
  it("finds a secret in a cause chain's own property, base64 in a log line and URL-encoded in a result", () => {
    const cause = Object.assign(new TypeError("Invalid URL"), { input: secrets.SUPABASE_DB_URL });
    expect(() => expectNoSecrets({ error: new Error("wrapped", { cause }) })).toThrow(/SUPABASE_DB_URL \(value\)/);
    const basic = Buffer.from(`service_role:${secrets.SUPABASE_SERVICE_ROLE_KEY}`).toString("base64");
    expect(() => expectNoSecrets({ logs: [`authorization: Basic ${basic}`] })).toThrow(
      /SUPABASE_SERVICE_ROLE_KEY \(\w+, base64\)/,
    );
    expect(() => expectNoSecrets({ value: { url: encodeURIComponent(secrets.TICKET_WEBHOOK_URL) } })).toThrow(
      /TICKET_WEBHOOK_URL \(value, URL-encoded\)/,
    );
  });
});

describe("no secret leaks from", () => {
  describe("notify", () => {
    const alarm = () => fixture("cloudwatch/cpu-critical.alarm");

    it("a Slack post with the bot token and an SNS alert", async () => {
      const r = await runHandler("notify", notify, alarm());
      expect(r.value).toMatchObject({ outcome: "act", status: "applied" });
      expect(effectTypes(r)).toEqual(["slack.chat.postMessage", "sns.Publish"]);
      expect(sent("authorization")).toContain(`Bearer ${secrets.SLACK_BOT_TOKEN}`);
      expect(r.logs.join("\n")).toMatch(/decided[\s\S]*carried out/);
    });

    it.each([
      [
        "Slack refusing the token",
        200,
        { ok: false, error: "invalid_auth" },
        /SlackApiError: Slack chat.postMessage failed: invalid_auth/,
      ],
      ["Slack answering 401", 401, { ok: false, error: "not_authed" }, /HTTP 401/],
      ["Slack answering 500", 500, { ok: false, error: "fatal_error" }, /HTTP 500/],
    ])("%s", async (_what, status, body, message) => {
      const r = await runHandler("notify", notify, alarm(), { fail: [["/slack/api", status, body]] });
      expect(errorOf(r).message).toMatch(message);
    });

    it("a bot token with a stray control character, which cannot be sent", async () => {
      const r = await runHandler("notify", notify, alarm(), {
        secrets: { SLACK_BOT_TOKEN: `${secrets.SLACK_BOT_TOKEN}\u0000` },
      });
      expect(errorOf(r).name).toBe("PartialApplyError");
    });

    const webhookMode = (c: StageConfig) => ({
      ...c,
      notifications: { ...c.notifications, slackMode: "webhook" as const },
    });

    it("an incoming webhook post, and the webhook answering 404 no_service", async () => {
      const ok = await runHandler("notify", notify, alarm(), { config: webhookMode });
      expect(effectTypes(ok)).toEqual(["slack.webhook.post", "sns.Publish"]);
      expect(stand.requests.map((q) => q.path)).toContain(`/slack/webhook/${core("SLACK_WEBHOOK_URL")}`);
      const refused = await runHandler("notify", notify, alarm(), {
        config: webhookMode,
        fail: [["/slack/webhook", 404, "no_service"]],
      });
      expect(errorOf(refused).message).toMatch(/no_service/);
    });

    it("a webhook URL that is no URL (fetch quotes what it could not parse)", async () => {
      const r = await runHandler("notify", notify, alarm(), {
        config: webhookMode,
        secrets: { SLACK_WEBHOOK_URL: `hooks.slack.com/services/${core("SLACK_WEBHOOK_URL")}` },
      });
      expect(errorOf(r).name).toBe("PartialApplyError");
    });
  });

  describe("scale-ecs", () => {
    it("raising the floor and telling Slack and SNS", async () => {
      const r = await runHandler("scale-ecs", scaleEcs, fixture("cloudwatch/cpu-high.alarm"));
      expect(r.value).toMatchObject({ outcome: "act", status: "applied" });
      expect(effectTypes(r)).toContain("applicationautoscaling.RegisterScalableTarget");
      expect(effectTypes(r)).toContain("slack.chat.postMessage");
    });

    it("Application Auto Scaling throttling, and Slack refusing the token", async () => {
      const throttled = await runHandler("scale-ecs", scaleEcs, fixture("cloudwatch/cpu-high.alarm"), {
        awsFails: ["applicationautoscaling.RegisterScalableTarget"],
      });
      expect(errorOf(throttled).message).toMatch(/ThrottlingException/);
      const refused = await runHandler("scale-ecs", scaleEcs, fixture("cloudwatch/cpu-high.alarm"), {
        fail: [["/slack/api", 200, { ok: false, error: "invalid_auth" }]],
      });
      expect(errorOf(refused).message).toMatch(/invalid_auth/);
    });
  });

  describe("page-oncall", () => {
    const alarm = () => fixture("cloudwatch/error-rate-high.alarm");

    it("a page with the routing key, Slack and the on-call topic", async () => {
      const r = await runHandler("page-oncall", pageOncall, alarm());
      expect(effectTypes(r)).toEqual(
        expect.arrayContaining(["pagerduty.trigger", "slack.chat.postMessage", "sns.Publish"]),
      );
      expect(stand.requests.some((q) => q.body.includes(secrets.PAGERDUTY_ROUTING_KEY))).toBe(true);
    });

    it.each([
      [
        "PagerDuty refusing the event (400)",
        400,
        { status: "invalid event", message: "Event object is invalid", errors: ["invalid routing key"] },
        /PagerDuty rejected/,
      ],
      ["PagerDuty answering 500 after the retries", 500, { status: "error" }, /HTTP 500/],
      ["PagerDuty rate-limiting (429) after the retries", 429, { status: "throttle" }, /rate limited/],
    ])("%s", async (_what, status, body, message) => {
      const r = await runHandler("page-oncall", pageOncall, alarm(), { fail: [["/pagerduty", status, body]] });
      expect(errorOf(r).message).toMatch(message);
    });

    it("the resolve on OK", async () => {
      const r = await runHandler("page-oncall", pageOncall, fixture("cloudwatch/error-rate-high.ok"));
      expect(r.error).toBeUndefined();
    });
  });

  describe("plan-upgrade-ticket", () => {
    const alarm = () => fixture("cloudwatch/db-connections-high.alarm");
    const webhookSink = (c: StageConfig) => ({ ...c, tickets: { sink: "webhook" as const, labels: ["ops"] } });

    it("a GitHub issue opened with the token, GitHub refusing the token (401), and a token that cannot be sent", async () => {
      const ok = await runHandler("plan-upgrade-ticket", planUpgradeTicket, alarm());
      expect(effectTypes(ok)).toEqual(["github.issues.create"]);
      expect(sent("authorization")).toContain(`Bearer ${secrets.GITHUB_TOKEN}`);
      const refused = await runHandler("plan-upgrade-ticket", planUpgradeTicket, alarm(), {
        fail: [["/github", 401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" }]],
      });
      expect(errorOf(refused).message).toMatch(/HTTP 401: Bad credentials/);
      const unsendable = await runHandler("plan-upgrade-ticket", planUpgradeTicket, alarm(), {
        secrets: { GITHUB_TOKEN: `${secrets.GITHUB_TOKEN}\u0000` },
      });
      expect(errorOf(unsendable).message).toMatch(/invalid header value/);
    });

    it("a ticket webhook post, the webhook answering 500, and a webhook URL that is no URL", async () => {
      const ok = await runHandler("plan-upgrade-ticket", planUpgradeTicket, alarm(), { config: webhookSink });
      expect(effectTypes(ok)).toEqual(["webhook.post"]);
      const failing = await runHandler("plan-upgrade-ticket", planUpgradeTicket, alarm(), {
        config: webhookSink,
        fail: [["/tickets", 500, { error: "internal" }]],
      });
      expect(errorOf(failing).message).toMatch(/ticket webhook answered HTTP 500/);
      const broken = await runHandler("plan-upgrade-ticket", planUpgradeTicket, alarm(), {
        config: webhookSink,
        secrets: { TICKET_WEBHOOK_URL: ` ${core("TICKET_WEBHOOK_URL")}` },
      });
      expect(errorOf(broken).name).toBe("PartialApplyError");
    });
  });

  describe("optimize-query-alert", () => {
    const alarm = () => fixture("cloudwatch/bandwidth-high.alarm");

    it("reading query statistics with the database URL, alarm and operator request", async () => {
      const r = await runHandler("optimize-query-alert", optimizeQueryAlert, alarm());
      expect(effectTypes(r)).toContain("sns.Publish");
      const request = await runHandler(
        "optimize-query-alert",
        optimizeQueryAlert,
        fixture("manual/optimize-query.request"),
      );
      expect(request.value).toMatchObject({ outcome: "act" });
    });

    it("an unreachable database (the alert still goes out, saying why)", async () => {
      const r = await runHandler("optimize-query-alert", optimizeQueryAlert, alarm(), {
        secrets: { SUPABASE_DB_URL: databaseUrl(1, db.name) },
      });
      const sns = r.applied.find((a) => a.effect.type === "sns.Publish")?.effect as { message: string } | undefined;
      expect(sns?.message).toMatch(/could not be read/);
    });

    it("a database URL whose password breaks the URL (an unescaped / or #)", async () => {
      const r = await runHandler("optimize-query-alert", optimizeQueryAlert, alarm(), {
        secrets: { SUPABASE_DB_URL: `postgres://postgres:${core("SUPABASE_DB_URL")}/#x@127.0.0.1:5432/${db.name}` },
      });
      expect(errorOf(r)).toMatchObject({
        name: "ConfigurationError",
        message: expect.stringMatching(/percent-encode/),
      });
    });
  });

  describe("supabase-metrics", () => {
    const tick = () => fixture("scheduled/supabase-metrics");
    const sqlMode = (c: StageConfig) => ({ ...c, supabase: { ...c.supabase, metricsSource: "sql" as const } });

    it("a scrape with the service-role key (Basic auth)", async () => {
      const r = await runHandler("supabase-metrics", supabaseMetrics, tick());
      expect(r.value).toMatchObject({ ok: true });
      const basic = Buffer.from(`service_role:${secrets.SUPABASE_SERVICE_ROLE_KEY}`).toString("base64");
      expect(sent("authorization")).toContain(`Basic ${basic}`);
    });

    it.each([
      ["the endpoint refusing the key (401)", 401, "unauthorized"],
      ["the endpoint answering 500", 500, "http-status"],
    ])("%s", async (_what, status, reason) => {
      const r = await runHandler("supabase-metrics", supabaseMetrics, tick(), {
        fail: [["/supabase/metrics", status, "denied"]],
      });
      expect(r.value).toMatchObject({ ok: false, reason });
    });

    it("an unreachable endpoint", async () => {
      const r = await runHandler("supabase-metrics", supabaseMetrics, tick(), {
        metricsUrl: "http://127.0.0.1:1/metrics",
      });
      expect(r.value).toMatchObject({ ok: false, reason: "unreachable" });
    });

    it("SQL mode with the database URL, an unreachable database and a URL the password breaks", async () => {
      const ok = await runHandler("supabase-metrics", supabaseMetrics, tick(), { config: sqlMode });
      expect(ok.value).toMatchObject({ ok: true, source: "sql" });
      const down = await runHandler("supabase-metrics", supabaseMetrics, tick(), {
        config: sqlMode,
        secrets: { SUPABASE_DB_URL: databaseUrl(1, db.name) },
      });
      expect(down.value).toMatchObject({ ok: false, reason: "database" });
      const broken = await runHandler("supabase-metrics", supabaseMetrics, tick(), {
        config: sqlMode,
        secrets: { SUPABASE_DB_URL: `postgres://postgres:${core("SUPABASE_DB_URL")}#@127.0.0.1:5432/${db.name}` },
      });
      expect(errorOf(broken).name).toBe("ConfigurationError");
    });
  });

  describe("supabase-webhook", () => {
    const sharedSecret = (c: StageConfig) => ({ ...c, ingest: { webhookAuth: "shared-secret" as const } });

    it("a request signed with the webhook secret, forwarded to the app bus", async () => {
      const r = await runHandler("supabase-webhook", supabaseWebhook, signedRequest(FINALIZED));
      expect(r.value).toMatchObject({ statusCode: 202 });
      expect(effectTypes(r)).toEqual(["events.PutEvents"]);
    });

    it("tampered, stale and unsigned requests (401)", async () => {
      const tampered = { ...signedRequest(FINALIZED), body: FINALIZED.replace("finalized", "paid") };
      const stale = fixture("function-url/invoices.update-finalized.stale");
      const unsigned = { ...fixture<Record<string, unknown>>("function-url/invoices.insert.signed"), headers: {} };
      for (const request of [tampered, stale, unsigned]) {
        const r = await runHandler("supabase-webhook", supabaseWebhook, request);
        expect(r.value).toMatchObject({ statusCode: 401 });
      }
    });

    it("the shared-secret header, right and wrong", async () => {
      const withHeader = (value: string) => ({
        ...signedRequest(FINALIZED),
        headers: { "content-type": "application/json", "x-hero365-webhook-secret": value },
      });
      const ok = await runHandler("supabase-webhook", supabaseWebhook, withHeader(secrets.SUPABASE_WEBHOOK_SECRET), {
        config: sharedSecret,
      });
      expect(ok.value).toMatchObject({ statusCode: 202 });
      const wrong = await runHandler(
        "supabase-webhook",
        supabaseWebhook,
        withHeader(`${secrets.SUPABASE_WEBHOOK_SECRET}x`),
        {
          config: sharedSecret,
        },
      );
      expect(wrong.value).toMatchObject({ statusCode: 401 });
    });

    it("PutEvents failing (kept in the fallback queue), then the fallback failing too", async () => {
      const queued = await runHandler("supabase-webhook", supabaseWebhook, signedRequest(FINALIZED), {
        awsFails: ["events.PutEvents"],
      });
      expect(queued.value).toMatchObject({ statusCode: 202 });
      const lost = await runHandler("supabase-webhook", supabaseWebhook, signedRequest(FINALIZED), {
        awsFails: ["events.PutEvents", "sqs.SendMessage"],
      });
      expect(errorOf(lost).name).toBe("EventNotStoredError");
    });

    it("a webhook secret that is not a Standard Webhooks secret", async () => {
      const r = await runHandler("supabase-webhook", supabaseWebhook, signedRequest(FINALIZED), {
        secrets: { SUPABASE_WEBHOOK_SECRET: `whsec_${core("SUPABASE_WEBHOOK_SECRET")}` },
      });
      expect(errorOf(r).name).toBe("ConfigurationError");
    });
  });

  describe("invoice-worker", () => {
    const job = () => fixture("sqs/invoices.generate-pdf");

    it("a PDF rendered from the database and put in S3", async () => {
      const r = await runHandler("invoice-worker", invoiceWorker, job());
      expect(r.value).toEqual({ batchItemFailures: [] });
      expect(effectTypes(r)).toEqual(["s3.PutObject", "postgres.invoices.update"]);
    });

    it("an unreachable database, and a database URL the password breaks", async () => {
      const down = await runHandler("invoice-worker", invoiceWorker, job(), {
        secrets: { SUPABASE_DB_URL: databaseUrl(1, db.name) },
      });
      expect(down.value).toEqual({ batchItemFailures: [{ itemIdentifier: expect.any(String) }] });
      expect(down.logs.join("\n")).toMatch(/record failed[\s\S]*ECONNREFUSED/);
      const broken = await runHandler("invoice-worker", invoiceWorker, job(), {
        secrets: { SUPABASE_DB_URL: `postgres://postgres:${core("SUPABASE_DB_URL")}/@127.0.0.1:5432/${db.name}` },
      });
      expect(errorOf(broken).name).toBe("ConfigurationError");
    });
  });

  describe("invoice-sweep", () => {
    it("a sweep of the database, and an unreachable database", async () => {
      const ok = await runHandler("invoice-sweep", invoiceSweep, fixture("cron/invoice-sweep"));
      expect(ok.error).toBeUndefined();
      const down = await runHandler("invoice-sweep", invoiceSweep, fixture("cron/invoice-sweep"), {
        secrets: { SUPABASE_DB_URL: databaseUrl(1, db.name) },
      });
      expect(errorOf(down).message).toMatch(/ECONNREFUSED/);
    });
  });
});
