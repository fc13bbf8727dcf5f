/**
 * `npx tsx bench/notifications.ts`: the notification layer's cost.
 * - planning: `planNotice` (Block Kit, PagerDuty payload, SNS text) in-process, p50/p99;
 * - a page end to end: the page-oncall handler against loopback Slack and PagerDuty servers and a dynalite
 *   state table (SNS and SQS recorded in memory), ALARM and OK of distinct episodes, p50/p99 per event, and
 *   the Slack calls per episode (expected: one post, then a thread reply and an edit on resolve).
 * Absolute figures depend on this machine; they are for context, not assertions.
 */
import { dynamoItemStore } from "../core/adapters/aws/dynamo-items.js";
import { asLive } from "../core/config/as-live.js";
import { stageConfig } from "../core/config/index.js";
import type { SecretName } from "../core/config/secrets.js";
import { planNotice } from "../core/notifications/plan-notice.js";
import type { AlarmStateChangeEvent } from "../events/index.js";
import { useRuntime } from "../functions/lib/middleware/runtime.js";
import { notificationExecutors } from "../functions/lib/notification-executors.js";
import { lambdaContext } from "../sim/local/local-invoke.js";
import { startDynalite } from "../test/support/dynalite.js";
import { fixture } from "../test/support/fixtures.js";
import { fakePagerDuty, fakeSlack, ROUTING_KEY, SLACK_TOKEN } from "../test/support/http-fakes.js";
import { episode, scaleOutNotice } from "../test/support/notices.js";
import { percentile } from "./lib/stats.js";

const round = (n: number) => Math.round(n * 1000) / 1000;

function planning(iterations = 20_000) {
  const cases = [
    [scaleOutNotice(), episode()],
    [
      scaleOutNotice({ kind: "escalation", page: true }),
      episode({ phase: "open", slack: { channel: "C1", ts: "1.2" } }),
    ],
    [
      scaleOutNotice({ kind: "resolved", state: "OK" }),
      episode({ phase: "open", paged: true, slack: { channel: "C1", ts: "1.2" } }),
    ],
  ] as const;
  for (let i = 0; i < 2_000; i++) planNotice(...(cases[i % cases.length] as [never, never]));
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    planNotice(...(cases[i % cases.length] as [never, never]));
    samples.push(performance.now() - t);
  }
  return { iterations, p50Ms: round(percentile(samples, 50)), p99Ms: round(percentile(samples, 99)) };
}

async function endToEnd(episodes = 100) {
  // The logger reads its level when its module loads: silence it before the handler is imported.
  process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
  const { handler } = await import("../functions/page-oncall.js");
  const [dynamo, slack, pagerduty] = await Promise.all([startDynalite(), fakeSlack(), fakePagerDuty()]);
  await dynamo.createTable("bench");
  const base = asLive(stageConfig("prod"));
  const config = {
    ...base,
    notifications: { ...base.notifications, slackApiUrl: slack.url, pagerdutyEventsUrl: pagerduty.url },
  };
  const secret = async (name: SecretName) => (name === "SLACK_BOT_TOKEN" ? SLACK_TOKEN : ROUTING_KEY);
  let clock = new Date();
  // The alarm as CloudWatch describes it now: the state of the event being delivered, so it is fresh.
  let current: AlarmStateChangeEvent["detail"]["state"] | undefined;
  useRuntime("page-oncall", {
    stage: "prod",
    config,
    dryRun: false,
    now: () => clock,
    store: dynamoItemStore(dynamo.client, "bench"),
    secret,
    executors: {
      ...notificationExecutors(config, secret),
      "sns.Publish": async () => ({ messageId: "m" }),
      "sqs.SendMessage": async () => ({ messageId: "q" }),
    },
    alarms: { read: async () => current },
  });
  const alarm = [] as number[];
  const ok = [] as number[];
  const start = Date.parse("2026-12-01T00:00:00Z");
  for (let i = 0; i < episodes; i++) {
    const openedAt = new Date(start + i * 3_600_000).toISOString();
    const resolvedAt = new Date(start + i * 3_600_000 + 1_200_000).toISOString();
    const firing = fixture<AlarmStateChangeEvent>("cloudwatch/error-rate-high.alarm");
    firing.id = `alarm-${i}`;
    firing.detail.state.timestamp = openedAt;
    const resolved = fixture<AlarmStateChangeEvent>("cloudwatch/error-rate-high.ok");
    resolved.id = `ok-${i}`;
    resolved.detail.state.timestamp = resolvedAt;
    resolved.detail.previousState = { ...firing.detail.state };
    clock = new Date(openedAt);
    current = firing.detail.state;
    let t = performance.now();
    await handler(firing, lambdaContext("page-oncall", "prod"));
    alarm.push(performance.now() - t);
    clock = new Date(resolvedAt);
    current = resolved.detail.state;
    t = performance.now();
    await handler(resolved, lambdaContext("page-oncall", "prod"));
    ok.push(performance.now() - t);
  }
  const perEpisode = (method: string) => round(slack.calls(method).length / episodes);
  const result = {
    episodes,
    alarm: { p50Ms: round(percentile(alarm, 50)), p99Ms: round(percentile(alarm, 99)) },
    ok: { p50Ms: round(percentile(ok, 50)), p99Ms: round(percentile(ok, 99)) },
    slackCallsPerEpisode: { postMessage: perEpisode("chat.postMessage"), update: perEpisode("chat.update") },
    pagerDutyEventsPerEpisode: round(pagerduty.events().length / episodes),
  };
  useRuntime("page-oncall", undefined);
  await Promise.all([dynamo.close(), slack.close(), pagerduty.close()]);
  return result;
}

const plan = planning();
const e2e = await endToEnd();
console.log(`planNotice: p50 ${plan.p50Ms} ms, p99 ${plan.p99Ms} ms (${plan.iterations} notices)`);
console.log(
  `page-oncall end to end (loopback Slack + PagerDuty, dynalite), ${e2e.episodes} episodes: ` +
    `ALARM p50 ${e2e.alarm.p50Ms} ms / p99 ${e2e.alarm.p99Ms} ms; OK p50 ${e2e.ok.p50Ms} ms / p99 ${e2e.ok.p99Ms} ms`,
);
console.log(
  `per episode: chat.postMessage ${e2e.slackCallsPerEpisode.postMessage} (1 message + 1 thread reply), ` +
    `chat.update ${e2e.slackCallsPerEpisode.update}, PagerDuty events ${e2e.pagerDutyEventsPerEpisode}`,
);
