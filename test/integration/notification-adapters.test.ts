/** The Slack and PagerDuty adapters against loopback servers: wire format, errors, retries. */
import { beforeEach, describe, expect, it } from "vitest";
import { pagerDutyEvents } from "../../core/adapters/http/pagerduty.js";
import { slackWebApi } from "../../core/adapters/http/slack-web-api.js";
import { slackWebhook } from "../../core/adapters/http/slack-webhook.js";
import { PagerDutyRejectedError, RateLimitedError, SlackApiError } from "../../core/kernel/adapter-errors.js";
import { ROUTING_KEY, SLACK_TOKEN } from "../support/http-fakes.js";
import { useLoopback } from "../support/loopback.js";

let waits: number[];
const sleep = async (ms: number) => {
  waits.push(ms);
};

const servers = useLoopback({ slack: true, pagerduty: true });
beforeEach(() => {
  servers.slack.reset();
  servers.pagerduty.reset();
  waits = [];
});

const memo = { alarmName: "a", openedAt: "2026-11-27T14:21:09.845+0000", at: "2026-11-27T14:21:09.845+0000", flaps: 0 };
const post = {
  type: "slack.chat.postMessage" as const,
  channel: "#hero365-alerts",
  text: "[ALARM] hero365 prod backend",
  blocks: [{ type: "divider" as const }],
};

describe("the Slack Web API adapter", () => {
  it("posts with the bot token, without link unfurls, and returns where the message lives", async () => {
    const api = slackWebApi({ baseUrl: servers.slack.url, token: async () => SLACK_TOKEN, sleep });
    const ref = await api.postMessage({ ...post, threadTs: "1795789270.000100" });
    expect(ref).toEqual({ channel: "C0HERO365", ts: expect.stringMatching(/^\d+\.\d+$/) });
    const [request] = servers.slack.calls("chat.postMessage");
    expect(request?.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(request?.body).toEqual({
      channel: "#hero365-alerts",
      text: post.text,
      blocks: post.blocks,
      thread_ts: "1795789270.000100",
      unfurl_links: false,
      unfurl_media: false,
    });
  });

  it("gives up with a named error when retry-after exceeds what one invocation may wait", async () => {
    const api = slackWebApi({ baseUrl: servers.slack.url, token: async () => SLACK_TOKEN, sleep });
    servers.slack.script({ status: 429, headers: { "retry-after": "30" }, body: { ok: false, error: "ratelimited" } });
    const failure = api.postMessage(post);
    await expect(failure).rejects.toBeInstanceOf(RateLimitedError);
    await expect(failure).rejects.toThrow(/retry after 30 s/);
    expect(waits).toEqual([]);
  });

  it("stops after the bounded number of attempts under repeated 429s", async () => {
    const api = slackWebApi({ baseUrl: servers.slack.url, token: async () => SLACK_TOKEN, sleep });
    const limited = { status: 429, headers: { "retry-after": "1" }, body: { ok: false, error: "ratelimited" } };
    servers.slack.script(limited, limited, limited);
    await expect(api.postMessage(post)).rejects.toBeInstanceOf(RateLimitedError);
    expect(waits).toEqual([1000, 1000]);
    expect(servers.slack.calls("chat.postMessage")).toHaveLength(3);
  });

  it("turns ok:false into a SlackApiError that names Slack's code and not the token", async () => {
    const api = slackWebApi({ baseUrl: servers.slack.url, token: async () => "xoxb-wrong-token", sleep });
    const failure = api.update({
      type: "slack.chat.update",
      channel: "C0HERO365",
      ts: "1.2",
      text: "t",
      blocks: [],
      episode: memo,
    });
    await expect(failure).rejects.toMatchObject({ name: "SlackApiError", code: "invalid_auth" });
    await expect(failure).rejects.not.toThrow(/xoxb/);
  });
});

describe("the Slack incoming-webhook adapter", () => {
  it("posts the text and blocks, and reports a 4xx by Slack's code without the URL", async () => {
    const url = `${servers.slack.url.replace(/\/api$/, "")}/webhook`;
    const send = slackWebhook({ url: async () => url, sleep });
    expect(await send({ type: "slack.webhook.post", text: "t", blocks: [], episode: memo })).toEqual({ ok: true });
    expect(servers.slack.webhookPosts()[0]?.body).toEqual({ text: "t", blocks: [] });

    servers.slack.script({ status: 400, body: "invalid_blocks" });
    const failure = send({ type: "slack.webhook.post", text: "t", blocks: [], episode: memo });
    await expect(failure).rejects.toBeInstanceOf(SlackApiError);
    await expect(failure).rejects.toThrow(/invalid_blocks/);
    await expect(failure).rejects.not.toThrow(/127\.0\.0\.1/);
  });
});

describe("the PagerDuty Events v2 adapter", () => {
  const events = () => pagerDutyEvents({ baseUrl: servers.pagerduty.url, routingKey: async () => ROUTING_KEY, sleep });
  const trigger = {
    type: "pagerduty.trigger" as const,
    dedupKey: "hero365-prod-error-rate-high-backend#2026-11-27T14:21:09.845+0000",
    summary: "[hero365 prod] 5xx error rate above 1 % on backend",
    source: "hero365-prod-error-rate-high-backend",
    severity: "critical" as const,
    component: "backend",
    group: "hero365-prod",
    class: "error-rate-high",
    customDetails: { "Value vs threshold": "3.42 % > 1 %" },
    links: [{ href: "https://console.example/alarm", text: "CloudWatch alarm" }],
  };

  it("sends trigger and resolve with the dedup key, the payload and the console links", async () => {
    expect(await events().trigger(trigger)).toEqual({ dedupKey: trigger.dedupKey });
    await events().resolve({ type: "pagerduty.resolve", dedupKey: trigger.dedupKey });
    expect(servers.pagerduty.events()).toEqual([
      {
        routing_key: ROUTING_KEY,
        event_action: "trigger",
        dedup_key: trigger.dedupKey,
        payload: {
          summary: trigger.summary,
          source: trigger.source,
          severity: "critical",
          component: "backend",
          group: "hero365-prod",
          class: "error-rate-high",
          custom_details: trigger.customDetails,
        },
        links: trigger.links,
        client: "hero365 scaling pipeline",
        client_url: "https://console.example/alarm",
      },
      { routing_key: ROUTING_KEY, event_action: "resolve", dedup_key: trigger.dedupKey },
    ]);
  });

  it("does not retry an event PagerDuty rejects as invalid", async () => {
    const wrongKey = pagerDutyEvents({ baseUrl: servers.pagerduty.url, routingKey: async () => "nope", sleep });
    await expect(wrongKey.trigger(trigger)).rejects.toBeInstanceOf(PagerDutyRejectedError);
    expect(servers.pagerduty.events()).toHaveLength(1);
  });

  it("gives up with a named error after backing off on repeated 429s", async () => {
    const throttled = { status: 429, body: { status: "throttle event" } };
    servers.pagerduty.script(throttled, throttled, throttled, throttled);
    await expect(events().trigger(trigger)).rejects.toBeInstanceOf(RateLimitedError);
    expect(waits).toEqual([1000, 2000, 4000]);
  });
});
