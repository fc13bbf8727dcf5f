import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { dynamoItemStore } from "../../core/adapters/aws/dynamo-items.js";
import type { StageConfig } from "../../core/config/index.js";
import type { SecretName } from "../../core/config/secrets.js";
import type { ItemStore } from "../../core/kernel/ports.js";
import type { MetricPoint } from "../../core/supabase/ports.js";
import { readLedger } from "../../core/tickets/ledger.js";
import { clearRuntimes, useRuntime } from "../../functions/lib/middleware/runtime.js";
import { supabasePorts } from "../../functions/lib/supabase.js";
import { handler } from "../../functions/plan-upgrade-ticket.js";
import { lambdaContext } from "../../sim/local/local-invoke.js";
import { agreeingAlarms } from "../support/agreeing-alarms.js";
import { testConfig } from "../support/config.js";
import { type LocalDynamo, startDynalite } from "../support/dynalite.js";
import { fixture } from "../support/fixtures.js";

const TOKEN = "ghp_test_token";

/** A loopback stand-in for the GitHub REST API: issues and comments of one repository. */
function fakeGithub() {
  const issues = new Map<
    number,
    { title: string; body: string; labels: string[]; state: "open" | "closed"; comments: string[] }
  >();
  const calls: { method: string; path: string; auth?: string }[] = [];
  const server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const path = req.url ?? "";
    calls.push({ method: req.method ?? "", path, auth: req.headers.authorization });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: "Bad credentials" });
    const base = "/api/v3/repos/hero365/platform/issues";
    const number = Number(/\/issues\/(\d+)/.exec(path)?.[1]);
    if (req.method === "POST" && path === base) {
      const { title, body, labels } = JSON.parse(raw);
      const n = issues.size + 1;
      issues.set(n, { title, body, labels, state: "open", comments: [] });
      return send(201, { number: n, html_url: `https://github.example/hero365/platform/issues/${n}`, state: "open" });
    }
    if (req.method === "POST" && path === `${base}/${number}/comments` && issues.has(number)) {
      issues.get(number)?.comments.push(JSON.parse(raw).body);
      return send(201, { id: 1, html_url: `https://github.example/hero365/platform/issues/${number}#issuecomment-1` });
    }
    if (req.method === "GET" && path === `${base}/${number}`) {
      const issue = issues.get(number);
      return issue ? send(200, { number, state: issue.state }) : send(404, { message: "Not Found" });
    }
    send(404, { message: "Not Found" });
  });
  return { server, issues, calls };
}

let dynamo: LocalDynamo;
let github: ReturnType<typeof fakeGithub>;
let apiUrl: string;
let store: ItemStore;
let tables = 0;
const alarms = agreeingAlarms();

beforeAll(async () => {
  dynamo = await startDynalite();
  github = fakeGithub();
  await new Promise<void>((resolve) => github.server.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(github.server.address() as AddressInfo).port}/api/v3`;
});
afterAll(async () => {
  clearRuntimes();
  await dynamo.close();
  await new Promise<void>((resolve) => github.server.close(() => resolve()));
});
beforeEach(async () => {
  github.issues.clear();
  github.calls.length = 0;
  const name = `state-${++tables}`;
  await dynamo.createTable(name);
  store = dynamoItemStore(dynamo.client, name);
  install();
});

function hour(from: number, to: number): MetricPoint[] {
  return Array.from({ length: 60 }, (_, i) => ({
    at: new Date(Date.parse("2026-11-27T17:05:00Z") + i * 60_000).toISOString(),
    value: from + ((to - from) * i) / 59,
  }));
}

function install(overrides: Partial<StageConfig> = {}) {
  const prod = testConfig("prod");
  const config: StageConfig = {
    ...prod,
    tickets: { sink: "github", apiUrl, owner: "hero365", repo: "platform", labels: ["supabase", "capacity"] },
    ...overrides,
  };
  const now = () => new Date("2026-11-27T18:06:00Z");
  const secret = async (name: SecretName) => {
    if (name !== "GITHUB_TOKEN") throw new Error(`unexpected secret ${name}`);
    return TOKEN;
  };
  const history = {
    read: async (name: string) =>
      ({ ConnectionUtilization: hour(62, 86.67), ActiveConnections: hour(56, 78), MaxConnections: hour(90, 90) })[
        name
      ] ?? [],
  };
  const { ports, executors } = supabasePorts({ config, secret, store, now, history });
  useRuntime("plan-upgrade-ticket", {
    stage: "prod",
    config,
    dryRun: false,
    now,
    store,
    executors,
    secret,
    supabase: ports,
    alarms: alarms.reader,
  });
}

/** The ALARM sample, or a later ALARM transition of the same alarm (a new episode). */
function alarm(at?: string): unknown {
  const event = fixture<any>("cloudwatch/db-connections-high.alarm");
  if (at) {
    event.id = `repeat-${at}`;
    event.detail.state.timestamp = at;
  }
  return event;
}

const invoke = (event: unknown) =>
  alarms.deliver(event, (e) => handler(e, lambdaContext("plan-upgrade-ticket", "prod")) as Promise<any>);

describe("plan-upgrade-ticket against a loopback GitHub API", () => {
  it("opens one issue on the first ALARM, naming the next compute size and the monthly price difference", async () => {
    const result = await invoke(alarm());

    expect(result).toMatchObject({ outcome: "act", status: "applied", effects: [{ type: "github.issues.create" }] });
    expect(github.issues.size).toBe(1);
    const issue = github.issues.get(1)!;
    expect(issue.title).toBe(
      "Supabase connections at 86.7 % on hero365prodprojectrf (prod): upgrade compute Small → Medium",
    );
    expect(issue.labels).toEqual(["supabase", "capacity"]);
    expect(issue.body).toContain("| Compute size | Small: 2-core ARM (shared), 2 GB |");
    expect(issue.body).toContain("| Connections | 78 used of 90 (86.7 %) |");
    expect(issue.body).toContain("### Recommendation: upgrade compute Small → Medium");
    expect(issue.body).toContain("| Postgres max connections | 90 | 120 |");
    expect(issue.body).toContain("Monthly price difference: **+~$45/month**");
    expect(issue.body).toMatch(/min 62 %, avg 74\.3 %, max 86\.7 %, now 86\.7 %: rising/);
    expect(issue.body).toContain("Supavisor in transaction mode, port 6543");
    expect(
      await readLedger(store, { projectRef: "hero365prodprojectrf", reason: "db-connections-high" }),
    ).toMatchObject({
      generation: 1,
      ref: "1",
      url: "https://github.example/hero365/platform/issues/1",
    });
  });

  it("adds one comment, and opens no second issue, when the alarm fires again while the issue is open", async () => {
    await invoke(alarm());
    const repeat = await invoke(alarm("2026-11-28T09:12:00.000+0000"));

    expect(repeat).toMatchObject({ status: "applied", effects: [{ type: "github.issues.createComment" }] });
    expect(github.issues.size).toBe(1);
    expect(github.issues.get(1)?.comments).toHaveLength(1);
    expect(github.issues.get(1)?.comments[0]).toContain(
      "Connections above 80 % again: 86.7 % at 2026-11-28T09:12:00.000+0000",
    );
    expect(github.calls.filter((c) => c.method === "GET").map((c) => c.path)).toEqual([
      "/api/v3/repos/hero365/platform/issues/1",
    ]);
  });

  it("acts once for a duplicate delivery of the same ALARM", async () => {
    await invoke(alarm());
    const duplicate = await invoke(alarm());
    expect(duplicate).toMatchObject({ outcome: "skip", code: "already-ticketed" });
    expect(github.issues.size).toBe(1);
    expect(github.issues.get(1)?.comments).toEqual([]);
  });

  it("opens a new issue when the previous one was closed", async () => {
    await invoke(alarm());
    github.issues.get(1)!.state = "closed";
    await invoke(alarm("2026-12-03T10:00:00.000+0000"));
    expect(github.issues.size).toBe(2);
    expect(github.issues.get(2)?.body).toContain("hero365prodprojectrf#db-connections-high#2");
  });

  it("lets only one of two concurrent ALARMs open the issue; the other's retry comments on it", async () => {
    const first = alarm("2026-11-28T09:12:00.000+0000");
    const second = alarm("2026-11-28T09:12:30.000+0000");
    const results = await Promise.allSettled([invoke(first), invoke(second)]);

    expect(github.issues.size).toBe(1);
    const failed = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(failed).toHaveLength(1);
    expect(String(failed[0]?.reason)).toMatch(/TicketRaceError|being opened by another invocation/);

    // Lambda retries the failed event: the ledger now names the issue, so it comments.
    const loser = results[0]?.status === "rejected" ? first : second;
    expect(await invoke(loser)).toMatchObject({
      status: "applied",
      effects: [{ type: "github.issues.createComment" }],
    });
    expect(github.issues.size).toBe(1);
    expect(github.issues.get(1)?.comments).toHaveLength(1);
  });

  it("fails the invocation (for a retry) when GitHub refuses, and opens nothing", async () => {
    const prod = testConfig("prod");
    const config = {
      ...prod,
      tickets: { sink: "github" as const, apiUrl, owner: "hero365", repo: "platform", labels: [] },
    };
    const now = () => new Date("2026-11-27T18:06:00Z");
    const secret = async () => "not-the-token";
    const { ports, executors } = supabasePorts({ config, secret, store, now, history: { read: async () => [] } });
    useRuntime("plan-upgrade-ticket", {
      stage: "prod",
      config,
      dryRun: false,
      now,
      store,
      executors,
      secret,
      supabase: ports,
      alarms: alarms.reader,
    });

    await expect(invoke(alarm())).rejects.toThrow(/GitHub issue creation answered HTTP 401: Bad credentials/);
    expect(github.issues.size).toBe(0);
    expect(
      await readLedger(store, { projectRef: "hero365prodprojectrf", reason: "db-connections-high" }),
    ).toBeUndefined();
  });
});

describe("plan-upgrade-ticket under any history of deliveries (fast-check)", () => {
  it("opens one issue and comments once for every other transition, however they are duplicated, reordered and raced", async () => {
    const history = fc.record({
      // Later ALARM transitions of the same alarm, each a new episode; the first is the sample's own.
      transitions: fc.integer({ min: 2, max: 4 }),
      copies: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 4, maxLength: 4 }),
      order: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
      // Where the deliveries are cut into waves delivered together (concurrently).
      cuts: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    });
    await fc.assert(
      fc.asyncProperty(history, async ({ transitions, copies, order, cuts }) => {
        github.issues.clear();
        const name = `state-${++tables}`;
        await dynamo.createTable(name);
        store = dynamoItemStore(dynamo.client, name);
        install();
        const stamps = Array.from(
          { length: transitions },
          (_, i) => `2026-11-28T${String(9 + i).padStart(2, "0")}:12:00.000+0000`,
        );
        const deliveries = stamps.flatMap((at, i) => Array.from({ length: copies[i] ?? 1 }, () => at));
        // A stable shuffle by the generated keys.
        const shuffled = deliveries
          .map((at, i) => ({ at, key: order[i] ?? 0, i }))
          .sort((a, b) => a.key - b.key || a.i - b.i)
          .map((d) => d.at);
        let pending = shuffled;
        for (let round = 0; pending.length > 0; round++) {
          if (round > 30) throw new Error(`deliveries still failing after 30 rounds: ${pending.join(", ")}`);
          const waves: string[][] = [[]];
          pending.forEach((at, i) => {
            if (i > 0 && cuts[i % cuts.length]) waves.push([]);
            waves.at(-1)?.push(at);
          });
          const failed: string[] = [];
          for (const wave of waves) {
            const results = await Promise.allSettled(wave.map((at) => invoke(alarm(at))));
            results.forEach((r, i) => {
              if (r.status === "fulfilled") return;
              // Only the documented races fail an invocation; the source retries them.
              expect(String(r.reason)).toMatch(/TicketRaceError|StepInProgressError|in progress|another invocation/);
              failed.push(wave[i] as string);
            });
          }
          pending = failed;
        }
        expect(github.issues.size).toBe(1);
        const comments = github.issues.get(1)?.comments ?? [];
        expect(comments).toHaveLength(transitions - 1);
        // One comment per transition that did not open the issue, none twice.
        const mentioned = comments.map((c) => stamps.find((at) => c.includes(at)));
        expect(new Set(mentioned).size).toBe(transitions - 1);
        expect(mentioned).not.toContain(undefined);
        // No claim is left behind: every ticket step is done, none in progress.
        expect(await store.get("STEP#ticket#hero365prodprojectrf#db-connections-high#g1", "STEP")).toMatchObject({
          status: "done",
        });
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 25) },
    );
  }, 120_000);
});
