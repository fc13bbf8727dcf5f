/**
 * The runtime of a deployed function: names and ARNs from the environment the stacks set, SDK clients
 * created once per container.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SNSClient } from "@aws-sdk/client-sns";
import * as z from "zod";
import { dynamoItemStore } from "../../core/adapters/dynamo-items.js";
import { snsPublisher } from "../../core/adapters/sns.js";
import { stageConfig } from "../../core/config/index.js";
import type { EffectType } from "../../core/effects.js";
import { ConfigurationError } from "../../core/errors.js";
import type { Executor } from "../../core/ports.js";
import type { SecretName } from "../../core/secrets.js";
import { describeIssues } from "../../events/index.js";
import type { Runtime } from "./runtime.js";

const EnvironmentSchema = z.object({
  SST_STAGE: z.string().min(1),
  STATE_TABLE_NAME: z.string().min(1),
  ALERTS_TOPIC_ARN: z.string().startsWith("arn:").optional(),
  ONCALL_TOPIC_ARN: z.string().startsWith("arn:").optional(),
  APP_BUS_NAME: z.string().min(1).optional(),
  INGEST_FALLBACK_QUEUE_URL: z.url().optional(),
});

export function awsRuntime(env: NodeJS.ProcessEnv = process.env): Runtime {
  const parsed = EnvironmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigurationError(`function environment: ${describeIssues(parsed.error.issues)}`, {
      cause: parsed.error,
    });
  }
  const vars = parsed.data;
  const config = stageConfig(vars.SST_STAGE);
  return {
    stage: vars.SST_STAGE,
    config,
    dryRun: config.safety.dryRun,
    now: () => new Date(),
    store: dynamoItemStore(new DynamoDBClient({}), vars.STATE_TABLE_NAME),
    secret: sstSecret,
    executors: {
      "sns.Publish": snsPublisher(new SNSClient({}), {
        alerts: vars.ALERTS_TOPIC_ARN,
        onCall: vars.ONCALL_TOPIC_ARN,
      }),
      // Loaded on first use: most functions never put events or send messages, and SDK clients cost cold-start time.
      "events.PutEvents": onFirstUse(async () => {
        const [{ EventBridgeClient }, { eventBridgePutEvents }] = await Promise.all([
          import("@aws-sdk/client-eventbridge"),
          import("../../core/adapters/eventbridge.js"),
        ]);
        return eventBridgePutEvents(new EventBridgeClient({}), { app: vars.APP_BUS_NAME });
      }),
      "sqs.SendMessage": onFirstUse(async () => {
        const [{ SQSClient }, { sqsSendMessage }] = await Promise.all([
          import("@aws-sdk/client-sqs"),
          import("../../core/adapters/sqs.js"),
        ]);
        return sqsSendMessage(new SQSClient({}), { ingestFallback: vars.INGEST_FALLBACK_QUEUE_URL });
      }),
    },
  };
}

function onFirstUse<T extends EffectType>(load: () => Promise<Executor<T>>): Executor<T> {
  let executor: Promise<Executor<T>> | undefined;
  return async (effect) => {
    executor ??= load();
    return (await executor)(effect);
  };
}

/** Reads a bound `Config.Secret`; `sst/node/config` fetches them from SSM on first import, so import late. */
async function sstSecret(name: SecretName): Promise<string> {
  const { Config } = await import("sst/node/config");
  try {
    const value = (Config as unknown as Record<string, string | undefined>)[name];
    if (value) return value;
  } catch (cause) {
    throw new ConfigurationError(`secret ${name} is not bound to this function`, { cause });
  }
  throw new ConfigurationError(`secret ${name} is not set: npx sst secrets set ${name} <value> --stage <stage>`);
}
