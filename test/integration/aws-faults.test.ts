/**
 * Faults on every AWS call the handlers make: real SDK clients, configured as the deployed runtime configures
 * them, against a loopback endpoint that throttles, fails with 503, or hangs. Each call retries (3 attempts),
 * then the error surfaces, so the event's source retries and the DLQ keeps it.
 */
import { ApplicationAutoScalingClient } from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECSClient } from "@aws-sdk/client-ecs";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { SSMClient } from "@aws-sdk/client-ssm";
import { ConfiguredRetryStrategy } from "@smithy/util-retry";
import { describe, expect, it, vi } from "vitest";
import { awsDiagnostics } from "../../core/adapters/aws/aws-diagnostics.js";
import { cloudWatchAlarmReader } from "../../core/adapters/aws/cloudwatch-alarms.js";
import { cloudWatchHistory } from "../../core/adapters/aws/cloudwatch-history.js";
import { dynamoItemStore } from "../../core/adapters/aws/dynamo-items.js";
import { aasRegisterScalableTarget, ecsServiceStateReader, ecsUpdateService } from "../../core/adapters/aws/ecs.js";
import { eventBridgePutEvents } from "../../core/adapters/aws/eventbridge.js";
import { logsInsightsTopErrors } from "../../core/adapters/aws/logs-insights.js";
import { s3Putter } from "../../core/adapters/aws/s3.js";
import { snsPublisher } from "../../core/adapters/aws/sns.js";
import { sqsBatchSender, sqsSender } from "../../core/adapters/aws/sqs.js";
import { ssmKillSwitch } from "../../core/adapters/aws/ssm-kill-switch.js";
import { AWS_CLIENT_CONFIG } from "../../functions/lib/aws-runtime.js";
import { testConfig } from "../support/config.js";
import type { Fault } from "../support/fault-server.js";
import { useLoopback } from "../support/loopback.js";

const config = testConfig("prod");

const servers = useLoopback({ faults: true });

/** The runtime's client config, pointed at the fault server; backoff shortened, attempts and timeouts kept. */
function clientConfig() {
  return {
    ...AWS_CLIENT_CONFIG,
    // The SDK's own classification decides what is retried; only the wait between attempts is shortened.
    retryStrategy: new ConfiguredRetryStrategy(AWS_CLIENT_CONFIG.maxAttempts, () => 5),
    requestHandler: { ...AWS_CLIENT_CONFIG.requestHandler, requestTimeout: 250 },
    endpoint: servers.faults.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  };
}

/** Each call by the API operations it makes (readers make two in parallel). */
const calls: Record<string, () => Promise<unknown>> = {
  "DescribeServices+DescribeScalableTargets": () =>
    ecsServiceStateReader(new ECSClient(clientConfig()), new ApplicationAutoScalingClient(clientConfig()), config).read(
      "backend",
    ),
  UpdateService: () =>
    ecsUpdateService(new ECSClient(clientConfig()))({
      type: "ecs.UpdateService",
      cluster: "c",
      service: "s",
      desiredCount: 4,
    }),
  RegisterScalableTarget: () =>
    aasRegisterScalableTarget(new ApplicationAutoScalingClient(clientConfig()))({
      type: "applicationautoscaling.RegisterScalableTarget",
      serviceNamespace: "ecs",
      resourceId: "service/c/s",
      scalableDimension: "ecs:service:DesiredCount",
      minCapacity: 4,
    }),
  DescribeAlarms: () => cloudWatchAlarmReader(new CloudWatchClient(clientConfig())).read("a"),
  "DescribeServices+GetMetricData": () =>
    awsDiagnostics({
      ecs: new ECSClient(clientConfig()),
      cloudwatch: new CloudWatchClient(clientConfig()),
      config,
      now: () => new Date(),
    }).collect("backend", { metrics: ["cpu"], minutes: 15 }),
  GetParameter: () => ssmKillSwitch(new SSMClient(clientConfig()), "/hero365/prod/paused").paused(),
  Publish: () =>
    snsPublisher(new SNSClient(clientConfig()), { alerts: "arn:aws:sns:us-east-1:1:a", onCall: undefined })({
      type: "sns.Publish",
      topic: "alerts",
      subject: "s",
      message: "m",
      attributes: { severity: "info", service: "backend", row: "cpu-high", state: "ALARM" },
    }),
  SendMessage: () =>
    sqsSender(new SQSClient(clientConfig()), { followUps: `${servers.faults.endpoint}/1/q` })({
      type: "sqs.SendMessage",
      queue: "followUps",
      delaySeconds: 0,
      body: {
        kind: "hero365.follow-up",
        functionName: "scale-ecs",
        alarmName: "a",
        episodeKey: "e",
        step: 2,
        dueAt: "2026-11-27T03:20:00.000Z",
      },
    }),
  GetItem: () => dynamoItemStore(new DynamoDBClient(clientConfig()), "t").get("p", "s"),
  PutItem: () => dynamoItemStore(new DynamoDBClient(clientConfig()), "t").put({ pk: "p", sk: "s" }),
  Query: () => dynamoItemStore(new DynamoDBClient(clientConfig()), "t").query("p"),
  PutEvents: () =>
    eventBridgePutEvents(new EventBridgeClient(clientConfig()), { app: "hero365-prod-app" })({
      type: "events.PutEvents",
      bus: "app",
      entries: [{ source: "hero365.supabase", detailType: "invoices.insert", detail: "{}" }],
    }),
  PutObject: () =>
    s3Putter(new S3Client({ ...clientConfig(), forcePathStyle: true }), { invoices: "hero365-invoices" })({
      type: "s3.PutObject",
      bucket: "invoices",
      key: "invoices/b/i.pdf",
      contentType: "application/pdf",
      body: new Uint8Array([37, 80, 68, 70]),
      metadata: {},
    }),
  SendMessageBatch: () =>
    sqsBatchSender(new SQSClient(clientConfig()), { invoices: `${servers.faults.endpoint}/1/invoices` })({
      type: "sqs.SendMessageBatch",
      queue: "invoices",
      entries: [{ id: "1", body: { invoiceId: "i", businessId: "b", action: "generate_pdf" } }],
    }),
  GetMetricData: () =>
    cloudWatchHistory(new CloudWatchClient(clientConfig()), { namespace: "Hero365/Supabase", dimensions: {} }).read(
      "ConnectionUtilization",
      60,
    ),
  StartQuery: () =>
    logsInsightsTopErrors(new CloudWatchLogsClient(clientConfig()))("/ecs/hero365-backend", {
      end: new Date(),
      minutes: 15,
    }),
};

const EXPECTED: Record<Fault, RegExp> = {
  throttle: /Throttl|Rate exceeded|SlowDown/,
  "server-error": /ServiceUnavailable|Service Unavailable|503|InternalError/,
  hang: /timeout|Timeout|timed out/i,
};

describe.each(["throttle", "server-error", "hang"] as const)("AWS calls when the endpoint %s", (fault) => {
  it.each(Object.keys(calls))("%s retries, then surfaces the error", async (name) => {
    servers.faults.fault = fault;
    const error = await (calls[name] as () => Promise<unknown>)().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error, "the call must fail").toBeInstanceOf(Error);
    expect(`${error?.name}: ${error?.message}`).toMatch(EXPECTED[fault]);
    // A reader's parallel call may still be retrying when the first one fails: wait for it.
    for (const operation of name.split("+")) {
      await vi.waitFor(() => expect(servers.faults.attemptsOf(operation), operation).toBe(3), { timeout: 5_000 });
    }
  });
});
