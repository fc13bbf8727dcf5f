import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { dynamoItemStore } from "../../core/adapters/aws/dynamo-items.js";
import { lambdaInvoke } from "../../core/adapters/aws/lambda.js";
import { ssmKillSwitchParameter, ssmPutParameter } from "../../core/adapters/aws/ssm-kill-switch.js";
import { githubIssues } from "../../core/adapters/http/github.js";
import { pagerDutyEvents } from "../../core/adapters/http/pagerduty.js";
import { slackRespond } from "../../core/adapters/http/slack-respond.js";
import { slackUserGroups } from "../../core/adapters/http/slack-usergroups.js";
import type { StageConfig } from "../../core/config/index.js";
import { readAudit } from "../../core/kernel/audit.js";
import type { Item, ItemStore } from "../../core/kernel/ports.js";
import { useRuntime } from "../../functions/lib/middleware/runtime.js";
import type { SlackActionsRuntime } from "../../functions/lib/runtime.js";
import { handler } from "../../functions/slack-actions.js";
import { signedSlackEvent, slackFormBody, slackSignedHeaders } from "../../scripts/lib/sign-slack.js";
import { lambdaContext } from "../../sim/local/local-invoke.js";
import { testConfig } from "../support/config.js";
import { fixture } from "../support/fixtures.js";
import { ROUTING_KEY, SLACK_TOKEN } from "../support/http-fakes.js";
import { useLoopback } from "../support/loopback.js";

const SECRET = "test-signing-secret-0123456789";
const PARAMETER = "/hero365/prod/paused";
const ssm = mockClient(SSMClient);
const lambda = mockClient(LambdaClient);
let alarmState: "ALARM" | "OK";
let table = 0;
let store: ItemStore;
let clock: Date;
let config: StageConfig;
let parameter: { value: string; version: number } | undefined;
let routingKey = ROUTING_KEY;

function runtime(): SlackActionsRuntime {
  const github = githubIssues({
    ...(config.tickets as Extract<StageConfig["tickets"], { sink: "github" }>),
    token: async () => "ghp_test",
  });
  return {
    stage: "prod",
    config,
    dryRun: false,
    now: () => clock,
    store,
    secret: async (name) => (name === "SLACK_SIGNING_SECRET" ? SECRET : SLACK_TOKEN),
    executors: {
      "ssm.PutParameter": ssmPutParameter(new SSMClient({})),
      "slack.respond": slackRespond(),
      "lambda.Invoke": lambdaInvoke(new LambdaClient({})),
      "github.issues.createComment": github.createComment,
      "pagerduty.acknowledge": pagerDutyEvents({ baseUrl: servers.pagerduty.url, routingKey: async () => routingKey })
        .acknowledge,
    },
    slackActions: {
      killSwitch: ssmKillSwitchParameter(new SSMClient({}), PARAMETER),
      userGroups: slackUserGroups({ baseUrl: servers.slack.url, token: async () => SLACK_TOKEN }),
      alarms: {
        read: async () => ({ value: alarmState, reason: "r", timestamp: "2026-11-27T03:15:21.310+0000" }),
      },
      tickets: github.tracker,
    },
  };
}

/** A click as Slack sends it: the sample payload, its response_url pointed at the loopback Slack. */
function click(name: string, change: (payload: any) => void = () => {}): any {
  const payload = fixture<any>(`slack/payloads/${name}`);
  payload.response_url = `${servers.slack.url.replace(/\/api$/, "")}/actions/T0HERO365/1/${name}`;
  change(payload);
  return payload;
}

const send = (event: unknown) =>
  handler(event, lambdaContext("slack-actions", "prod")) as Promise<{ statusCode: number; body: string }>;
const signed = (payload: unknown, at = clock) => signedSlackEvent(payload, SECRET, at);
const replies = () => servers.slack.requests.filter((r) => r.path.startsWith("/actions/"));
const puts = () => ssm.commandCalls(PutParameterCommand).map((c) => c.args[0].input);
/** The asynchronous invocations the answers asked Lambda for, as Lambda would deliver them. */
const handedOff = () =>
  lambda.commandCalls(InvokeCommand).map((c) => {
    expect(c.args[0].input).toMatchObject({
      FunctionName: "prod-hero365-scaling-slack-actions",
      InvocationType: "Event",
    });
    return JSON.parse(new TextDecoder().decode(c.args[0].input.Payload as Uint8Array));
  });
/** Delivers every handed-off click to the handler, one after the other, as Lambda's asynchronous queue does. */
const deliver = async () => {
  const results = [];
  for (const event of handedOff()) results.push(await send(event));
  return results;
};

const servers = useLoopback({ dynamo: true, slack: true, pagerduty: true, standIns: true });
beforeEach(async () => {
  table += 1;
  await servers.dynamo.createTable(`slack-${table}`);
  store = dynamoItemStore(servers.dynamo.client, `slack-${table}`);
  clock = new Date("2026-11-27T03:20:00.000Z");
  const base = testConfig("prod");
  config = {
    ...base,
    tickets: {
      ...(base.tickets as Extract<StageConfig["tickets"], { sink: "github" }>),
      apiUrl: `${servers.standIns.url}/github`,
    },
    slackActions: {
      allow: {
        pause: ["U024BE7LH", "S0ONCALL01"],
        resume: ["U024BE7LH"],
        scaleBack: [],
        acknowledge: ["U024BE7LH"],
        approve: ["U024BE7LH"],
      },
      responseUrlPrefix: "http://127.0.0.1:",
    },
  };
  parameter = undefined;
  ssm.reset();
  lambda.reset();
  routingKey = ROUTING_KEY;
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  // A stand-in for the one SSM parameter: GetParameter reads what PutParameter wrote, versions count up.
  ssm.on(GetParameterCommand, { Name: PARAMETER }).callsFake(async () => {
    if (!parameter) throw new ParameterNotFound({ message: "not found", $metadata: {} });
    return { Parameter: { Name: PARAMETER, Value: parameter.value, Version: parameter.version } };
  });
  ssm.on(PutParameterCommand).callsFake(async (input) => {
    parameter = { value: input.Value, version: (parameter?.version ?? 0) + 1 };
    return { Version: parameter.version };
  });
  servers.slack.reset();
  servers.pagerduty.reset();
  servers.standIns.reset();
  alarmState = "ALARM";
  useRuntime("slack-actions", runtime());
});

describe("slack-actions: Pause and Resume from Slack", () => {
  it("pauses for an hour on a signed click of an allowed user, tells the channel, and audits the click", async () => {
    const response = await send(signed(click("pause-automation")));

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ outcome: "act", status: "applied" });
    expect(puts()).toEqual([
      {
        Name: PARAMETER,
        Type: "String",
        Overwrite: true,
        Value: '{"by":"U024BE7LH","until":"2026-11-27T04:20:00.000Z"}',
      },
    ]);
    expect(replies()).toHaveLength(1);
    expect(replies()[0]?.body).toMatchObject({ response_type: "in_channel", replace_original: false });
    expect(replies()[0]?.body.text).toContain("<@U024BE7LH> paused automatic actions on prod until 2026-11-27T04:20");
    const [audit] = await readAudit(store, "slack-actions#prod");
    expect(audit).toMatchObject({
      outcome: "applied",
      functionName: "slack-actions",
      eventId: "U024BE7LH#1795749598.412345",
    });
    expect(audit?.plan.reason).toBe("U024BE7LH paused automatic actions on prod until 2026-11-27T04:20:00.000Z");
  });

  it("makes one change for two clicks at once: the second is told another click was handled first", async () => {
    const first = click("pause-automation");
    const second = click("pause-automation", (p) => {
      p.actions[0].action_id = "hero365.pause-4h";
      p.actions[0].value = '{"stage":"prod","hours":4}';
      p.actions[0].action_ts = "1795749598.900000";
    });

    const answers = await Promise.all([send(signed(first)), send(signed(second))]);

    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    expect(puts()).toHaveLength(1);
    const texts = replies().map((r) => r.body.text as string);
    expect(texts.filter((t) => t.includes("paused automatic actions"))).toHaveLength(1);
    expect(texts.filter((t) => t.includes("was handled first") || t.includes("already paused"))).toHaveLength(1);
  });

  it("refuses a user the stage does not allow with an ephemeral reply and an audit record, changing nothing", async () => {
    servers.slack.script({ status: 200, body: { ok: true, users: ["U0SOMEONE1"] } });

    const response = await send(signed(click("not-allowed")));

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ outcome: "hold", code: "not-allowed" });
    expect(puts()).toEqual([]);
    const reply = replies()[0]?.body;
    expect(reply).toMatchObject({ response_type: "ephemeral" });
    expect(reply.text).toContain("You are not allowed to pause the automation of prod");
    const [audit] = await readAudit(store, "slack-actions#prod");
    expect(audit).toMatchObject({
      outcome: "applied",
      plan: { code: "not-allowed" },
      eventId: "U07GUEST99#1795749597.000300",
    });
    // The group listed for pause was asked for its members, with the bot token.
    const lookup = servers.slack.requests.find((r) => r.path.startsWith("/api/usergroups.users.list"));
    expect(lookup?.path).toBe("/api/usergroups.users.list?usergroup=S0ONCALL01");
    expect(lookup?.headers.authorization).toBe(`Bearer ${SLACK_TOKEN}`);
  });

  it("allows a member of an allowed user group", async () => {
    servers.slack.script({ status: 200, body: { ok: true, users: ["U0SOMEONE1", "U07GUEST99"] } });

    const response = await send(signed(click("not-allowed")));

    expect(JSON.parse(response.body)).toMatchObject({ outcome: "act", status: "applied" });
    expect(puts()[0]?.Value).toBe('{"by":"U07GUEST99","until":"2026-11-27T07:20:00.000Z"}');
  });

  it("resumes a pause, and says so when there is nothing to resume", async () => {
    await send(signed(click("pause-automation")));
    clock = new Date("2026-11-27T03:21:00.000Z");

    const resumed = await send(signed(click("resume")));
    const again = await send(
      signed(click("resume", (p) => Object.assign(p.actions[0], { action_ts: "1795749661.000000" }))),
    );

    expect(JSON.parse(resumed.body)).toEqual({ outcome: "act", status: "applied" });
    expect(puts().map((p) => p.Value)).toEqual(['{"by":"U024BE7LH","until":"2026-11-27T04:20:00.000Z"}', "false"]);
    expect(JSON.parse(again.body)).toMatchObject({ outcome: "hold", code: "not-paused" });
    expect(replies().at(-1)?.body).toMatchObject({ response_type: "ephemeral" });
  });

  it("says what it would do and changes nothing on a stage in shadow mode", async () => {
    config = { ...config, safety: { ...config.safety, dryRun: true } };
    useRuntime("slack-actions", runtime());

    const response = await send(signed(click("pause-automation")));

    expect(JSON.parse(response.body)).toMatchObject({ outcome: "hold", code: "shadow" });
    expect(puts()).toEqual([]);
    expect(replies()[0]?.body.text).toContain("shadow mode");
  });
});

describe("slack-actions: Acknowledge on a paged episode", () => {
  const EPISODE = "hero365-prod-error-rate-high-backend#2026-11-27T03:15:21.310+0000";
  const seed = async (extra: Record<string, unknown> = {}) => {
    const world = fixture<{ state: Item[] }>("worlds/paged-episode");
    await store.put({ ...(world.state[0] as Item), ...extra });
  };

  it("answers at once and hands the Acknowledge on, without calling PagerDuty inside the answer", async () => {
    await seed();

    const response = await send(signed(click("acknowledge")));

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ outcome: "act", status: "applied", handedOff: true });
    expect(servers.pagerduty.requests).toEqual([]);
    expect(replies()).toEqual([]);
    expect(handedOff()).toEqual([
      {
        source: "hero365.slack-actions",
        click: {
          kind: "acknowledge",
          user: "U024BE7LH",
          value: { stage: "prod", episode: EPISODE },
          responseUrl: `${servers.slack.url.replace(/\/api$/, "")}/actions/T0HERO365/1/acknowledge`,
          actionTs: click("acknowledge").actions[0].action_ts,
        },
      },
    ]);
    const [audit] = await readAudit(store, "slack-actions#prod");
    expect(audit?.plan.effects.map((e) => e.type)).toEqual(["lambda.Invoke"]);
  });

  it("edits the episode's message to say who acknowledged: its Acknowledge button gone, the others kept", async () => {
    await seed();
    const button = (action_id: string) => ({
      type: "button",
      action_id,
      text: { type: "plain_text", text: action_id },
    });
    const blocks = [
      { type: "section", text: { type: "mrkdwn", text: ":rotating_light: error rate above 1 %" } },
      { type: "actions", elements: [button("hero365.acknowledge"), button("hero365.pause")] },
    ];
    const withBlocks = click("acknowledge", (p) => (p.message.blocks = blocks));

    expect((await send(signed(withBlocks))).statusCode).toBe(200);
    expect(replies()).toEqual([]);
    await deliver();

    expect(servers.pagerduty.accepted()).toHaveLength(1);
    const replaced = replies().filter((r) => r.body.replace_original === true);
    expect(replaced).toHaveLength(1);
    expect(replaced[0]?.body.blocks).toEqual([
      blocks[0],
      { type: "actions", elements: [button("hero365.pause")] },
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: ":white_check_mark: Acknowledged in PagerDuty by <@U024BE7LH>" }],
      },
    ]);
    // The channel is still told, in a message of its own.
    const told = replies().filter((r) => r.body.replace_original === false);
    expect(told.map((r) => r.body.text)).toEqual([
      "<@U024BE7LH> acknowledged the page of hero365-prod-error-rate-high-backend.",
    ]);
  });

  it("acknowledges the page in PagerDuty with the episode's dedup key, once for two clicks, and says who", async () => {
    await seed();
    const again = click("acknowledge", (p) => (p.actions[0].action_ts = "1795749599.000001"));

    const answers = await Promise.all([send(signed(click("acknowledge"))), send(signed(again))]);
    const carried = await deliver();

    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    expect(carried).toEqual([
      { outcome: "act", status: "applied" },
      { outcome: "act", status: "duplicate" },
    ]);
    expect(servers.pagerduty.accepted()).toEqual([
      { routing_key: ROUTING_KEY, event_action: "acknowledge", dedup_key: EPISODE },
    ]);
    const texts = replies().map((r) => r.body.text as string);
    expect(texts).toContain("<@U024BE7LH> acknowledged the page of hero365-prod-error-rate-high-backend.");
    expect(texts.filter((t) => t.includes("was handled first"))).toHaveLength(1);
    const audit = await readAudit(store, "slack-actions#prod");
    const handOffs = audit.filter((a) => a.plan.effects.some((e) => e.type === "lambda.Invoke"));
    expect(handOffs.map((a) => a.outcome)).toEqual(["applied", "applied"]);
    expect(
      audit
        .filter((a) => !handOffs.includes(a))
        .map((a) => a.outcome)
        .sort(),
    ).toEqual(["applied", "duplicate"]);
  });

  it("acts once when Lambda delivers the same handed-off click twice", async () => {
    await seed();
    await send(signed(click("acknowledge")));
    const [event] = handedOff();

    const first = await send(event);
    const second = await send(event);

    expect([first, second]).toEqual([
      { outcome: "act", status: "applied" },
      { outcome: "act", status: "duplicate" },
    ]);
    expect(servers.pagerduty.accepted()).toHaveLength(1);
    expect(replies().filter((r) => r.body.response_type === "in_channel")).toHaveLength(1);
  });

  it("decides afresh when the handed-off click arrives: the episode resolved in between, nothing acknowledged", async () => {
    await seed();
    await send(signed(click("acknowledge")));
    await seed({ resolvedAt: "2026-11-27T03:20:01.000+0000" });

    expect(await deliver()).toEqual([{ outcome: "hold", code: "episode-closed", status: "applied" }]);
    expect(servers.pagerduty.requests).toEqual([]);
    expect(replies().map((r) => r.body.response_type)).toEqual(["ephemeral"]);
  });

  it("fails a handed-off click PagerDuty refused (Lambda retries it), and the retry acknowledges once", async () => {
    await seed();
    await send(signed(click("acknowledge")));
    const [event] = handedOff();
    routingKey = "R0WRONG0000000000000000000000000";

    await expect(send(event)).rejects.toThrow();
    routingKey = ROUTING_KEY;
    const retried = await send(event);

    expect(retried).toEqual({ outcome: "act", status: "applied" });
    expect(servers.pagerduty.accepted()).toHaveLength(1);
  });

  it("refuses politely, changing nothing, when the episode resolved or its alarm is OK again", async () => {
    await seed({ resolvedAt: "2026-11-27T03:18:00.000+0000" });
    const closed = await send(signed(click("acknowledge")));
    await seed();
    alarmState = "OK";
    const ok = await send(signed(click("acknowledge", (p) => (p.actions[0].action_ts = "1795749599.000002"))));

    expect(JSON.parse(closed.body)).toMatchObject({ outcome: "hold", code: "episode-closed" });
    expect(JSON.parse(ok.body)).toMatchObject({ outcome: "hold", code: "alarm-ok" });
    expect(servers.pagerduty.requests).toEqual([]);
    expect(replies().map((r) => r.body.response_type)).toEqual(["ephemeral", "ephemeral"]);
    expect(replies()[0]?.body.text).toContain("resolved at 2026-11-27T03:18:00.000+0000");
  });

  it("refuses an Acknowledge button of another stage's episode (400)", async () => {
    const response = await send(
      signed(
        click("acknowledge", (p) => {
          p.actions[0].value = JSON.stringify({ stage: "prod", episode: EPISODE.replace("-prod-", "-dev-") });
        }),
      ),
    );
    expect(response.statusCode).toBe(400);
    expect(servers.pagerduty.requests).toEqual([]);
  });
});

describe("slack-actions: Approve upgrade on a plan-upgrade ticket", () => {
  const seed = async () => {
    const world = fixture<{ state: Item[] }>("worlds/upgrade-ticket-open");
    await store.put(world.state[0] as Item);
  };
  const comments = () => servers.standIns.requests.filter((r) => r.method === "POST" && r.path.startsWith("/github/"));

  it("comments on the ticket naming the Slack user, once for a double click, and changes no plan or tier", async () => {
    await seed();
    const again = click("approve-upgrade", (p) => (p.actions[0].action_ts = "1795749599.000003"));

    const first = await send(signed(click("approve-upgrade")));
    expect(comments()).toEqual([]);
    expect(JSON.parse(first.body)).toEqual({ outcome: "act", status: "applied", handedOff: true });
    await deliver();
    lambda.resetHistory();
    await send(signed(again));
    const [second] = await deliver();

    expect(comments().map((c) => c.path)).toEqual(["/github/repos/hero365/platform/issues/17/comments"]);
    const body = JSON.parse(comments()[0]?.body ?? "{}").body as string;
    expect(body).toContain("Approved from Slack by Slack user `U024BE7LH` at 2026-11-27T03:20:00.000Z");
    expect(body).toContain("changes neither the Supabase plan nor the tier by itself");
    expect(second).toMatchObject({ status: "duplicate" });
    expect(puts()).toEqual([]);
    expect(replies()[0]?.body).toMatchObject({ response_type: "in_channel" });
    expect(replies()[0]?.body.text).toContain("<@U024BE7LH> approved the upgrade on hero365/platform#17");
  });

  it("refuses politely when there is no ticket, or it is closed", async () => {
    const none = await send(signed(click("approve-upgrade")));
    await seed();
    servers.standIns.fail("/github/", 200, { number: 17, state: "closed" });
    const closed = await send(signed(click("approve-upgrade", (p) => (p.actions[0].action_ts = "1795749599.000004"))));

    expect(JSON.parse(none.body)).toMatchObject({ outcome: "hold", code: "no-ticket" });
    expect(JSON.parse(closed.body)).toMatchObject({ outcome: "hold", code: "ticket-closed" });
    expect(comments()).toEqual([]);
    expect(replies().map((r) => r.body.response_type)).toEqual(["ephemeral", "ephemeral"]);
  });
});

describe("slack-actions: requests it refuses, with nothing done", () => {
  const refused = async (event: any, status: number, error: string) => {
    const response = await send(event);
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(response.body)).toMatchObject({ error });
    expect(puts()).toEqual([]);
    expect(replies()).toEqual([]);
    expect(await readAudit(store, "slack-actions#prod")).toEqual([]);
  };

  it("refuses the tampered sample (401)", async () => {
    useRuntime("slack-actions", { ...runtime(), secret: async () => "hero365-sample-slack-signing-secret-01" });
    await refused(fixture("slack/pause-automation.tampered"), 401, "unauthorized");
  });

  it("refuses a request signed more than 5 minutes ago (401)", async () => {
    await refused(signed(click("pause-automation"), new Date("2026-11-27T03:14:59.000Z")), 401, "unauthorized");
  });

  it("refuses an unsigned request (401)", async () => {
    const event: any = signed(click("pause-automation"));
    delete event.headers["x-slack-signature"];
    await refused(event, 401, "unauthorized");
  });

  it("refuses a request signed with another secret (401)", async () => {
    await refused(signedSlackEvent(click("pause-automation"), "another-secret", clock), 401, "unauthorized");
  });

  it("refuses a replay of a request it already took (401), acting once", async () => {
    const event = signed(click("pause-automation"));
    expect((await send(structuredClone(event))).statusCode).toBe(200);

    const replay = await send(structuredClone(event));

    expect(replay.statusCode).toBe(401);
    expect(JSON.parse(replay.body).message).toContain("replay");
    expect(puts()).toHaveLength(1);
  });

  it("refuses an oversized body before reading the secret (413)", async () => {
    const payload = click("pause-automation", (p) => {
      p.message.text = "x".repeat(300 * 1024);
    });
    await refused(signed(payload), 413, "too-large");
  });

  it("refuses a GET (405)", async () => {
    const event: any = signed(click("pause-automation"));
    event.requestContext.http.method = "GET";
    await refused(event, 405, "method-not-allowed");
  });

  it.each([
    ["a form without payload", "text=hello"],
    ["a payload that is not JSON", "payload=%7Bnope"],
    ["a payload of another interaction type", slackFormBody({ type: "view_submission" })],
  ])("refuses %s (400)", async (_what, body) => {
    const event: any = signed(click("pause-automation"));
    event.body = Buffer.from(body).toString("base64");
    Object.assign(event.headers, slackSignedHeaders(body, SECRET, clock));
    await refused(event, 400, "invalid-payload");
  });

  it("refuses a button this pipeline never made, and a button of another stage (400)", async () => {
    await refused(
      signed(click("pause-automation", (p) => (p.actions[0].action_id = "hero365.deploy"))),
      400,
      "invalid-payload",
    );
    await refused(
      signed(click("pause-automation", (p) => (p.actions[0].value = '{"stage":"dev","hours":1}'))),
      400,
      "wrong-stage",
    );
    await refused(
      signed(click("pause-automation", (p) => (p.actions[0].value = '{"stage":"prod","hours":100000}'))),
      400,
      "invalid-payload",
    );
  });

  it("refuses the handed-off click's shape through the URL, signed or not, and acts on nothing", async () => {
    await store.put(fixture<{ state: Item[] }>("worlds/paged-episode").state[0] as Item);
    const handOff = JSON.stringify({
      source: "hero365.slack-actions",
      click: {
        kind: "acknowledge",
        user: "U024BE7LH",
        value: { stage: "prod", episode: "hero365-prod-error-rate-high-backend#2026-11-27T03:15:21.310+0000" },
        responseUrl: `${servers.slack.url.replace(/\/api$/, "")}/actions/T0HERO365/1/x`,
        actionTs: "1795749599.000009",
      },
    });
    const asUrl = (headers: Record<string, string>) => ({
      ...signed(click("acknowledge")),
      headers,
      body: handOff,
      isBase64Encoded: false,
    });
    const json = { ...slackSignedHeaders(handOff, SECRET, clock), "content-type": "application/json" };
    const form = { "content-type": "application/x-www-form-urlencoded", ...slackSignedHeaders(handOff, SECRET, clock) };

    const answers = await Promise.all([send(asUrl(json)), send(asUrl(form)), send(asUrl({}))]);

    expect(answers.map((a) => a.statusCode)).toEqual([415, 400, 401]);
    expect(handedOff()).toEqual([]);
    expect(servers.pagerduty.requests).toEqual([]);
    expect(replies()).toEqual([]);
  });

  it("refuses an invocation event that is neither a Function URL request nor a handed-off click", async () => {
    await expect(send({ source: "hero365.slack-actions", click: { kind: "acknowledge" } })).rejects.toThrow(
      /handed-off Slack click/,
    );
    await expect(send({ source: "hero365.slack-actions", click: {}, extra: 1 })).rejects.toThrow();
    expect(servers.pagerduty.requests).toEqual([]);
  });

  it("refuses a response_url outside Slack's (400)", async () => {
    await refused(
      signed(click("pause-automation", (p) => (p.response_url = "https://attacker.example/collect"))),
      400,
      "invalid-payload",
    );
  });
});
