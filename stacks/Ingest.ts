import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as lambdaEventSources from "aws-cdk-lib/aws-lambda-event-sources";
import * as logs from "aws-cdk-lib/aws-logs";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Function as SstFunction, type StackContext, use } from "sst/constructs";
import { routedDetailTypes } from "../core/ingest/app-bus.js";
import { INGEST_PERMISSIONS, REDRIVE_PERMISSIONS } from "../core/ingest/permissions.js";
import { Core } from "./Core.js";
import { RETRY } from "./lib/alarm-reaction.js";
import { DEAD_LETTER_MESSAGE_BYTES, deadLetters } from "./lib/dead-letter.js";
import { REDRIVE_MAX_RECEIVES, REDRIVE_TIMEOUT_SECONDS } from "./lib/delivery.js";
import { functionErrorsAlarm } from "./lib/errors-alarm.js";
import { policyStatements } from "./lib/permissions.js";
import { queueDepthAlarm } from "./lib/queue-depth-alarm.js";

/** SQS's largest message: an event at EventBridge's 256 KB entry limit, JSON-escaped, still fits. */
const FALLBACK_MESSAGE_BYTES = DEAD_LETTER_MESSAGE_BYTES;

/**
 * The door from the database into the pipeline: the supabase-webhook function behind a Function URL (Supabase
 * cannot sign AWS requests, so the URL is public and the function verifies the webhook signature), putting row
 * changes on the app bus, with a fallback queue for what PutEvents refuses. And the app bus's catch-all rule:
 * events no rule handles are logged and kept, not silently dropped.
 */
export function Ingest({ stack, app }: StackContext) {
  const core = use(Core);
  const stage = app.stage;

  // A consumed queue, not a dead-letter queue: what the redrive could not put on the bus in three hours goes on
  // to the stage's dead-letter queue (the message keeps its body and names this queue as its source).
  const fallback = new sqs.Queue(stack, "supabase-webhook-fallback", {
    retentionPeriod: Duration.days(14),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    maxMessageSizeBytes: FALLBACK_MESSAGE_BYTES,
    visibilityTimeout: Duration.seconds(10 * REDRIVE_TIMEOUT_SECONDS),
    deadLetterQueue: { queue: deadLetters(stack, core), maxReceiveCount: REDRIVE_MAX_RECEIVES },
  });
  // Its first message is the early sign of an EventBridge outage, even when the redrive recovers it.
  const fallbackAlarm = queueDepthAlarm(stack, "supabase-webhook-fallback-Depth", {
    queue: fallback,
    alarmName: `hero365-${stage}-supabase-webhook-fallback`,
    alerts: core.alerts,
    description:
      "PutEvents refused Supabase row changes: they wait in the ingest's fallback queue and ingest-redrive puts them on the app bus again, backing off from 1 to 15 minutes, for about 3 hours. Nothing to do unless the dead-letters alarm follows; the ingest's log says why PutEvents failed.",
  });
  const fn = new SstFunction(stack, "fn-supabase-webhook", {
    handler: "functions/supabase-webhook.handler",
    description: `hero365 ${stage}: Supabase database webhooks, verified, onto the app bus`,
    // Authenticated by the webhook signature: Supabase cannot sign AWS requests. No CORS: no browser calls it.
    url: { authorizer: "none", cors: false },
    bind: [core.secrets.SUPABASE_WEBHOOK_SECRET],
    environment: {
      STATE_TABLE_NAME: core.state.tableName,
      APP_BUS_NAME: core.bus.eventBusName,
      INGEST_FALLBACK_QUEUE_URL: fallback.queueUrl,
    },
  });
  fn.attachPermissions(
    policyStatements(stack, INGEST_PERMISSIONS, {
      appBus: [core.bus.eventBusArn],
      ingestFallbackQueue: [fallback.queueArn],
    }),
  );
  // A valid event the function could store nowhere fails the invocation: someone must look at once.
  functionErrorsAlarm(stack, "supabase-webhook-errors", {
    fn,
    alarmName: `hero365-${stage}-supabase-webhook-errors`,
    alerts: core.alerts,
    description:
      "The supabase-webhook ingest failed: a webhook could be stored neither on the app bus nor in the fallback queue, or the function is misconfigured. Supabase does not retry: read the function's log.",
  });

  // The fallback queue's consumer: nothing waits for a person on the ingest path.
  const redrive = new SstFunction(stack, "fn-ingest-redrive", {
    handler: "functions/ingest-redrive.handler",
    description: `hero365 ${stage}: Supabase row changes PutEvents refused, put on the app bus again`,
    timeout: REDRIVE_TIMEOUT_SECONDS,
    memorySize: 256,
    environment: {
      STATE_TABLE_NAME: core.state.tableName,
      APP_BUS_NAME: core.bus.eventBusName,
      INGEST_FALLBACK_QUEUE_URL: fallback.queueUrl,
    },
  });
  redrive.attachPermissions(policyStatements(stack, REDRIVE_PERMISSIONS, { appBus: [core.bus.eventBusArn] }));
  redrive.addEventSource(
    new lambdaEventSources.SqsEventSource(fallback, {
      batchSize: 10,
      reportBatchItemFailures: true,
      // Few at once: when the bus is down, many consumers only fail faster.
      maxConcurrency: 2,
    }),
  );

  const unrouted = unroutedEvents({ stack, stage, core });

  stack.addOutputs({
    SupabaseWebhookUrl: fn.url ?? "",
    FallbackQueueUrl: fallback.queueUrl,
    UnroutedEventsLogGroup: unrouted.logGroup.logGroupName,
  });
  return { fn, fallback, fallbackAlarm, redrive, unrouted };
}

/** The catch-all rule: every app-bus event whose detail-type no route (core/ingest/app-bus.ts) handles goes to a log. */
function unroutedEvents({
  stack,
  stage,
  core,
}: {
  stack: StackContext["stack"];
  stage: string;
  core: ReturnType<typeof Core>;
}) {
  const logGroup = new logs.LogGroup(stack, "UnroutedEvents", {
    logGroupName: `/hero365/${stage}/app-bus/unrouted`,
    retention: logs.RetentionDays.ONE_MONTH,
    // Diagnostics of a stack that no longer exists are worth less than re-creating the stack under the same
    // name: a retained group would make the next create fail ("already exists").
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const rule = new events.Rule(stack, "UnroutedRule", {
    eventBus: core.bus.cdk.eventBus,
    description: `hero365 ${stage}: app-bus events no rule handles, logged`,
    eventPattern: unroutedPattern(stack.account, routedDetailTypes()),
    targets: [
      new targets.CloudWatchLogGroup(logGroup, {
        retryAttempts: RETRY.attempts,
        maxEventAge: RETRY.maxEventAge,
        // aws-cdk-lib's CloudWatch Logs target, unlike its Lambda and SQS targets, never lets EventBridge into
        // the DLQ; the stage's dead-letter queue lets in every rule of the stage, this one included.
        deadLetterQueue: deadLetters(stack, core),
      }),
    ],
  });
  return { rule, logGroup };
}

/** Every event of this account's app bus, less the detail-types some rule handles. */
export function unroutedPattern(account: string, routed: readonly string[]): events.EventPattern {
  return {
    account: [account],
    ...(routed.length > 0 && { detailType: events.Match.anythingBut(...routed) }),
  };
}
