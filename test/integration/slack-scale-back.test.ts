import { ApplicationAutoScalingClient, RegisterScalableTargetCommand } from "@aws-sdk/client-application-auto-scaling";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { dynamoItemStore } from "../../core/adapters/aws/dynamo-items.js";
import { aasRegisterScalableTarget } from "../../core/adapters/aws/ecs.js";
import { lambdaInvoke } from "../../core/adapters/aws/lambda.js";
import { snsPublisher } from "../../core/adapters/aws/sns.js";
import { slackRespond } from "../../core/adapters/http/slack-respond.js";
import type { StageConfig } from "../../core/config/index.js";
import { readScaleOutEpisode } from "../../core/episodes/store.js";
import { readAudit } from "../../core/kernel/audit.js";
import type { Item, ItemStore } from "../../core/kernel/ports.js";
import { stateUpdater, stateWriter } from "../../core/kernel/state-writer.js";
import { useRuntime } from "../../functions/lib/middleware/runtime.js";
import { notificationExecutors } from "../../functions/lib/notification-executors.js";
import type { ScaleEcsRuntime, SlackActionsRuntime } from "../../functions/lib/runtime.js";
import { handler as scaleEcs } from "../../functions/scale-ecs.js";
import { handler } from "../../functions/slack-actions.js";
import { signedSlackEvent } from "../../scripts/lib/sign-slack.js";
import { lambdaContext } from "../../sim/local/local-invoke.js";
import { testConfig } from "../support/config.js";
import { fixture } from "../support/fixtures.js";
import { SLACK_TOKEN } from "../support/http-fakes.js";
import { useLoopback } from "../support/loopback.js";
import { serviceAtMinimum } from "../support/scaling.js";

const SECRET = "test-signing-secret-0123456789";
const EPISODE = "hero365-prod-cpu-high-backend#2026-11-27T03:15:21.310+0000";
const aas = mockClient(ApplicationAutoScalingClient);
const sns = mockClient(SNSClient);
const lambda = mockClient(LambdaClient);
let table = 0;
let store: ItemStore;
let clock: Date;
let config: StageConfig;
let alarmState: "ALARM" | "OK";

/** The click and the scale-out it continues read one world. */
function give(runtime: ScaleEcsRuntime & SlackActionsRuntime): void {
  useRuntime("slack-actions", runtime);
  useRuntime("scale-ecs", runtime);
}

function runtime(): ScaleEcsRuntime & SlackActionsRuntime {
  const secret = async (name: string) => (name === "SLACK_SIGNING_SECRET" ? SECRET : SLACK_TOKEN);
  const floor = serviceAtMinimum();
  return {
    stage: "prod",
    config,
    dryRun: false,
    now: () => clock,
    store,
    secret,
    executors: {
      ...notificationExecutors(config, secret, async () => undefined),
      "applicationautoscaling.RegisterScalableTarget": aasRegisterScalableTarget(new ApplicationAutoScalingClient({})),
      "sns.Publish": snsPublisher(new SNSClient({}), {
        alerts: "arn:aws:sns:us-east-1:1:a",
        onCall: "arn:aws:sns:us-east-1:1:o",
      }),
      "dynamodb.PutItem": stateWriter(store),
      "dynamodb.UpdateItem": stateUpdater(store),
      "slack.respond": slackRespond(),
      "lambda.Invoke": lambdaInvoke(new LambdaClient({})),
    },
    // The world of events/worlds/scaled-out-in-alarm.json: the backend's floor raised 3 → 4 by the episode.
    services: {
      read: async () => ({
        ...floor,
        desiredCount: 4,
        runningCount: 4,
        scalableTarget: floor.scalableTarget && { ...floor.scalableTarget, minCapacity: 4 },
      }),
    },
    alarms: {
      read: async (name) => ({
        value: name === "hero365-prod-cpu-high-backend" ? alarmState : "OK",
        reason: "r",
        timestamp: "2026-11-27T03:15:21.310+0000",
      }),
    },
    killSwitch: { paused: async () => false },
    slackActions: { killSwitch: { read: async () => ({ state: false, version: 0 }) } },
  };
}

const send = (event: unknown) =>
  handler(event, lambdaContext("slack-actions", "prod")) as Promise<{ statusCode: number; body: string }>;
function click(actionTs = "1795749598.900300"): unknown {
  const payload = fixture<any>("slack/payloads/scale-back");
  payload.response_url = `${servers.slack.url.replace(/\/api$/, "")}/actions/T0HERO365/1/scale-back`;
  payload.actions[0].action_ts = actionTs;
  return signedSlackEvent(payload, SECRET, clock);
}
/** Delivers the clicks the answers handed on, as Lambda's asynchronous queue does. */
async function deliver() {
  const events = lambda
    .commandCalls(InvokeCommand)
    .map((c) => JSON.parse(new TextDecoder().decode(c.args[0].input.Payload as Uint8Array)));
  lambda.resetHistory();
  const results = [];
  for (const event of events) results.push(await send(event));
  return results;
}
const replies = () => servers.slack.requests.filter((r) => r.path.startsWith("/actions/"));
const floorCalls = () => aas.commandCalls(RegisterScalableTargetCommand).map((c) => c.args[0].input.MinCapacity);

const servers = useLoopback({ dynamo: true, slack: true });
beforeEach(async () => {
  table += 1;
  await servers.dynamo.createTable(`scale-back-${table}`);
  store = dynamoItemStore(servers.dynamo.client, `scale-back-${table}`);
  for (const item of fixture<{ state: Item[] }>("worlds/scaled-out-in-alarm").state) await store.put(item);
  clock = new Date("2026-11-27T03:20:00.000Z");
  const base = testConfig("prod");
  config = {
    ...base,
    notifications: { ...base.notifications, slackApiUrl: servers.slack.url, pagerduty: false },
    slackActions: {
      allow: { pause: [], resume: [], scaleBack: ["U024BE7LH"], acknowledge: [], approve: [] },
      responseUrlPrefix: "http://127.0.0.1:",
    },
  };
  alarmState = "ALARM";
  aas.reset();
  lambda.reset();
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  sns.reset();
  servers.slack.reset();
  aas
    .on(RegisterScalableTargetCommand)
    .resolves({ ScalableTargetARN: "arn:aws:application-autoscaling:us-east-1:1:x" });
  sns.on(PublishCommand).resolves({ MessageId: "m" });
  give(runtime());
});

describe("slack-actions: Scale back now on a scale-out episode", () => {
  it("restores the floor to the tier minimum and closes the episode, the OK path's plan, once with its later OK", async () => {
    const response = await send(click());

    expect(JSON.parse(response.body)).toEqual({ outcome: "act", status: "applied", handedOff: true });
    expect(floorCalls()).toEqual([]);
    expect(await deliver()).toEqual([{ outcome: "act", status: "applied" }]);
    expect(floorCalls()).toEqual([3]);
    expect((await readScaleOutEpisode(store, EPISODE))?.status).toBe("closed");
    expect(replies()[0]?.body).toMatchObject({ response_type: "in_channel" });
    expect(replies()[0]?.body.text).toContain("<@U024BE7LH> scaled back backend");
    const audit = await readAudit(store, "slack-actions#prod");
    expect(audit.map((a) => a.plan.reason)).toContainEqual(
      expect.stringMatching(/^U024BE7LH scaled back from Slack: /),
    );

    // A second click, then the alarm's own OK: neither touches the floor again.
    const again = await send(click("1795749599.100000"));
    clock = new Date("2026-11-27T03:40:30.000Z");
    const ok = await scaleEcs(fixture("cloudwatch/cpu-high.ok"), lambdaContext("scale-ecs", "prod"));

    expect(JSON.parse(again.body)).toMatchObject({ outcome: "hold", code: "episode-closed" });
    expect(ok).toMatchObject({ outcome: "skip", code: "episode-closed" });
    expect(floorCalls()).toEqual([3]);
  });

  it("refuses politely when the alarm is OK again: its OK restores the floor by itself", async () => {
    alarmState = "OK";

    const response = await send(click());

    expect(JSON.parse(response.body)).toMatchObject({ outcome: "hold", code: "alarm-ok" });
    expect(floorCalls()).toEqual([]);
    expect(replies()[0]?.body).toMatchObject({ response_type: "ephemeral" });
    expect((await readScaleOutEpisode(store, EPISODE))?.status).toBe("open");
  });

  it("refuses a user the stage does not allow to scale back", async () => {
    config = {
      ...config,
      slackActions: { ...config.slackActions, allow: { ...config.slackActions.allow, scaleBack: [] } },
    };
    give(runtime());

    const response = await send(click());

    expect(JSON.parse(response.body)).toMatchObject({ outcome: "hold", code: "not-allowed" });
    expect(floorCalls()).toEqual([]);
  });
});
