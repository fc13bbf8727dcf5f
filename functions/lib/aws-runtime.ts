/**
 * The runtime of a deployed function: names and ARNs from the environment the stacks set, SDK clients
 * created once per container, on first use. Clients only some functions use are loaded on their first effect,
 * so the other functions' cold starts do not pay for them.
 */
import { ApplicationAutoScalingClient } from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECSClient } from "@aws-sdk/client-ecs";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { SSMClient } from "@aws-sdk/client-ssm";
import * as z from "zod";
import { awsDiagnostics } from "../../core/adapters/aws-diagnostics.js";
import { cloudWatchAlarmReader } from "../../core/adapters/cloudwatch-alarms.js";
import { dynamoItemStore } from "../../core/adapters/dynamo-items.js";
import { aasRegisterScalableTarget, ecsServiceStateReader, ecsUpdateService } from "../../core/adapters/ecs.js";
import { logsInsightsTopErrors } from "../../core/adapters/logs-insights.js";
import { snsPublisher } from "../../core/adapters/sns.js";
import { sqsSender } from "../../core/adapters/sqs.js";
import { ssmKillSwitch } from "../../core/adapters/ssm-kill-switch.js";
import { stateWriter } from "../../core/adapters/state-writer.js";
import { stageConfig } from "../../core/config/index.js";
import { errorLogLines } from "../../core/diagnostics/error-logs.js";
import type { EffectType } from "../../core/effects.js";
import { ConfigurationError } from "../../core/errors.js";
import type { Executor } from "../../core/ports.js";
import { describeIssues } from "../../events/index.js";
import { notificationExecutors } from "./notification-executors.js";
import type { Runtime } from "./runtime.js";
import { sstSecrets } from "./sst-secrets.js";

const EnvironmentSchema = z.object({
  SST_STAGE: z.string().min(1),
  STATE_TABLE_NAME: z.string().min(1),
  ALERTS_TOPIC_ARN: z.string().startsWith("arn:").optional(),
  ONCALL_TOPIC_ARN: z.string().startsWith("arn:").optional(),
  FOLLOW_UP_QUEUE_URL: z.url().optional(),
  KILL_SWITCH_PARAMETER: z.string().startsWith("/").optional(),
  INVOICES_BUCKET_NAME: z.string().min(3).optional(),
  INVOICE_QUEUE_URL: z.url().optional(),
  APP_BUS_NAME: z.string().min(1).optional(),
  INGEST_FALLBACK_QUEUE_URL: z.url().optional(),
  /** Set by the stacks on a personal stage's functions: record every effect, apply none. */
  HERO365_DRY_RUN: z.enum(["true", "false"]).optional(),
});

/**
 * Every client: the SDK's standard retries (3 attempts, backoff with jitter, throttling-aware), and timeouts so
 * a hung endpoint fails the invocation (and its retry path) instead of eating the Lambda timeout.
 */
export const AWS_CLIENT_CONFIG = {
  maxAttempts: 3,
  // Newer SDKs only warn on a request timeout unless told to throw.
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
} as const;

export function awsRuntime(env: NodeJS.ProcessEnv = process.env): Runtime {
  const parsed = EnvironmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigurationError(`function environment: ${describeIssues(parsed.error.issues)}`, {
      cause: parsed.error,
    });
  }
  const vars = parsed.data;
  const config = stageConfig(vars.SST_STAGE);
  const now = () => new Date();
  const store = dynamoItemStore(new DynamoDBClient(AWS_CLIENT_CONFIG), vars.STATE_TABLE_NAME);
  const ecs = lazy(() => new ECSClient(AWS_CLIENT_CONFIG));
  const aas = lazy(() => new ApplicationAutoScalingClient(AWS_CLIENT_CONFIG));
  const cloudwatch = lazy(() => new CloudWatchClient(AWS_CLIENT_CONFIG));
  const publish = lazy(() =>
    snsPublisher(new SNSClient(AWS_CLIENT_CONFIG), { alerts: vars.ALERTS_TOPIC_ARN, onCall: vars.ONCALL_TOPIC_ARN }),
  );
  const send = lazy(() =>
    sqsSender(new SQSClient(AWS_CLIENT_CONFIG), {
      followUps: vars.FOLLOW_UP_QUEUE_URL,
      ingestFallback: vars.INGEST_FALLBACK_QUEUE_URL,
    }),
  );
  const ssm = lazy(() => new SSMClient(AWS_CLIENT_CONFIG));
  const logs = lazy(() => new CloudWatchLogsClient(AWS_CLIENT_CONFIG));
  const killSwitchParameter = vars.KILL_SWITCH_PARAMETER;
  const secret = sstSecrets({
    stage: vars.SST_STAGE,
    ssm,
    // Loaded on the first missing secret only: the metrics library stays off every cold start.
    onMissing: async (name) =>
      (await import("../../core/adapters/emf-pipeline-metrics.js")).emfSecretMissing(vars.SST_STAGE)(name),
  });
  return {
    stage: vars.SST_STAGE,
    config,
    // A named stage applies (its `safety.dryRun` is shadow mode, decided in core: the notices still go out). A
    // personal stage shadows another stage's services and alarms: it never applies, not even a notice.
    dryRun: vars.HERO365_DRY_RUN === "true" || config.role.kind === "personal",
    now,
    store,
    secret,
    executors: {
      ...notificationExecutors(config, secret),
      "sns.Publish": (e) => publish()(e),
      "sqs.SendMessage": (e) => send()(e),
      "dynamodb.PutItem": stateWriter(store),
      "ecs.UpdateService": (e) => ecsUpdateService(ecs())(e),
      "applicationautoscaling.RegisterScalableTarget": (e) => aasRegisterScalableTarget(aas())(e),
      "s3.PutObject": onFirstUse(async () => {
        const [{ S3Client }, { s3Putter }] = await Promise.all([
          import("@aws-sdk/client-s3"),
          import("../../core/adapters/s3.js"),
        ]);
        return s3Putter(new S3Client(AWS_CLIENT_CONFIG), { invoices: vars.INVOICES_BUCKET_NAME });
      }),
      "sqs.SendMessageBatch": onFirstUse(async () => {
        const [{ SQSClient }, { sqsBatchSender }] = await Promise.all([
          import("@aws-sdk/client-sqs"),
          import("../../core/adapters/sqs.js"),
        ]);
        return sqsBatchSender(new SQSClient(AWS_CLIENT_CONFIG), { invoices: vars.INVOICE_QUEUE_URL });
      }),
      "sqs.ChangeMessageVisibility": onFirstUse(async () => {
        const [{ SQSClient }, { sqsVisibility }] = await Promise.all([
          import("@aws-sdk/client-sqs"),
          import("../../core/adapters/sqs.js"),
        ]);
        return sqsVisibility(new SQSClient(AWS_CLIENT_CONFIG), { ingestFallback: vars.INGEST_FALLBACK_QUEUE_URL });
      }),
      // Loaded on first use: most functions never put events or send messages, and SDK clients cost cold-start time.
      "events.PutEvents": onFirstUse(async () => {
        const [{ EventBridgeClient }, { eventBridgePutEvents }] = await Promise.all([
          import("@aws-sdk/client-eventbridge"),
          import("../../core/adapters/eventbridge.js"),
        ]);
        return eventBridgePutEvents(new EventBridgeClient(AWS_CLIENT_CONFIG), { app: vars.APP_BUS_NAME });
      }),
    },
    services: { read: (service) => ecsServiceStateReader(ecs(), aas(), config).read(service) },
    alarms: {
      read: (name) => cloudWatchAlarmReader(cloudwatch()).read(name),
      readMany: (names) => cloudWatchAlarmReader(cloudwatch()).readMany(names),
    },
    killSwitch: {
      paused: () => {
        if (!killSwitchParameter) throw new ConfigurationError("KILL_SWITCH_PARAMETER is not set for this function");
        return ssmKillSwitch(ssm(), killSwitchParameter).paused();
      },
    },
    diagnostics: {
      collect: (service, options) =>
        awsDiagnostics({
          ecs: ecs(),
          cloudwatch: cloudwatch(),
          config,
          now,
          errorLogs: errorLogLines(logsInsightsTopErrors(logs()), (s) => config.ecs.services[s].logGroupName, now),
        }).collect(service, options),
    },
  };
}

/** One client per container, created when first needed. */
function lazy<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= create();
    return value;
  };
}

function onFirstUse<T extends EffectType>(load: () => Promise<Executor<T>>): Executor<T> {
  let loading: Promise<Executor<T>> | undefined;
  return async (effect) => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return (await loading)(effect);
  };
}
