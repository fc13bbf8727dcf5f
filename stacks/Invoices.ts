import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as destinations from "aws-cdk-lib/aws-lambda-destinations";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Cron, Queue, Function as SstFunction, type StackContext, use } from "sst/constructs";
import { handlerOf, WORKERS } from "../core/actions/index.js";
import { appBusRoute } from "../core/ingest/app-bus.js";
import { FONTS_DIR_IN_BUNDLE, fontFiles } from "../core/invoices/fonts.js";
import { INVOICE_ACTIONS } from "../events/schemas/invoice-job.js";
import { Core } from "./Core.js";
import { deadLetters, scheduleRuleName } from "./lib/dead-letter.js";
import { policyStatements } from "./lib/permissions.js";

/** The worker's timeout; the queue's visibility timeout is six times it (AWS's advice for SQS consumers). */
export const WORKER_TIMEOUT_SECONDS = 30;
const [GENERATE_PDF] = INVOICE_ACTIONS;

/**
 * The invoice background workers (seed: "Background Processing"): invoice changes on the app bus that need a
 * PDF become jobs `{ invoiceId, businessId, action: "generate_pdf" }` on the invoices queue; invoice-worker
 * renders them into the invoices bucket; invoice-sweep enqueues again what was lost on the way.
 */
export function Invoices({ stack, app }: StackContext) {
  const core = use(Core);
  const stage = app.stage;

  const bucket = new s3.Bucket(stack, "InvoicePdfs", {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    // A re-render overwrites the key; the previous render stays recoverable for a while.
    versioned: true,
    // Invoices are records: never expired by lifecycle. Large (many-page) PDFs move to cheaper classes as they
    // age; S3 does not transition objects under 128 KB (most invoices), for which IA/Glacier would cost more.
    transitionDefaultMinimumObjectSize: s3.TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128_K,
    lifecycleRules: [
      {
        id: "invoices-age-to-cheaper-storage",
        prefix: "invoices/",
        transitions: [
          { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) },
          { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(365) },
        ],
      },
      { id: "superseded-renders", noncurrentVersionExpiration: Duration.days(30) },
      { id: "incomplete-uploads", abortIncompleteMultipartUploadAfter: Duration.days(1) },
    ],
    removalPolicy: stage === "prod" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });

  // Every failure path of the invoices (jobs, routing, the sweep) ends in the stage's dead-letter queue.
  const dlq = deadLetters(stack, core);

  const environment = {
    STATE_TABLE_NAME: core.state.tableName,
    ALERTS_TOPIC_ARN: core.alerts.topicArn,
    INVOICES_BUCKET_NAME: bucket.bucketName,
  };

  // The worker and its queue.
  const workerSpec = WORKERS["invoice-worker"];
  const worker = new SstFunction(stack, `fn-${workerSpec.functionName}`, {
    handler: handlerOf(workerSpec),
    description: `hero365 ${stage}: ${workerSpec.description}`,
    timeout: WORKER_TIMEOUT_SECONDS,
    // Rendering is CPU-bound and Lambda's CPU grows with memory: 1024 MB is about 0.6 vCPU.
    memorySize: 1024,
    environment: { ...environment, INVOICE_FONTS_DIR: FONTS_DIR_IN_BUNDLE },
    // The Noto faces for text Helvetica cannot draw ship as files beside the bundle, read only when an invoice
    // needs one: the bundle itself stays the size of a Latin-only renderer.
    copyFiles: fontFiles(),
    bind: [core.secrets.SUPABASE_DB_URL],
  });
  worker.attachPermissions(
    policyStatements(stack, workerSpec.permissions, {
      stateTable: [core.state.tableArn],
      invoicePdfObjects: [bucket.arnForObjects("invoices/*")],
    }),
  );
  const queue = new Queue(stack, "InvoiceQueue", {
    consumer: {
      function: worker,
      cdk: {
        eventSource: {
          batchSize: 10,
          reportBatchItemFailures: true,
          maxConcurrency: core.config.invoices.workerMaxConcurrency,
        },
      },
    },
    cdk: {
      queue: {
        visibilityTimeout: Duration.seconds(6 * WORKER_TIMEOUT_SECONDS),
        retentionPeriod: Duration.days(4),
        deadLetterQueue: { queue: dlq, maxReceiveCount: 5 },
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      },
    },
  });

  // Routing from the app bus. A delivery EventBridge cannot make is retried for a day, then parked.
  const toQueue = (message: events.RuleTargetInput) =>
    new targets.SqsQueue(queue.cdk.queue, {
      message,
      retryAttempts: 185,
      maxEventAge: Duration.hours(24),
      deadLetterQueue: dlq,
    });
  // Source and detail-types come from the app bus's routes, so the catch-all leaves these events out.
  const finalizedRoute = appBusRoute("InvoiceFinalized");
  const finalized = new events.Rule(stack, finalizedRoute.rule, {
    eventBus: core.bus.cdk.eventBus,
    description: `hero365 ${stage}: an invoice inserted as, or updated into, finalized needs its PDF`,
    eventPattern: {
      source: [finalizedRoute.source],
      detailType: [...finalizedRoute.detailTypes],
      detail: {
        table: ["invoices"],
        record: { status: ["finalized"] },
        $or: [{ type: ["INSERT"] }, { type: ["UPDATE"], old_record: { status: [{ "anything-but": "finalized" }] } }],
      },
    },
    targets: [
      toQueue(
        events.RuleTargetInput.fromObject({
          invoiceId: events.EventField.fromPath("$.detail.record.id"),
          businessId: events.EventField.fromPath("$.detail.record.business_id"),
          action: GENERATE_PDF,
        }),
      ),
    ],
  });
  const rerenderRoute = appBusRoute("InvoiceRerenderRequested");
  const rerender = new events.Rule(stack, rerenderRoute.rule, {
    eventBus: core.bus.cdk.eventBus,
    description: `hero365 ${stage}: render an invoice's PDF again on request`,
    eventPattern: { source: [rerenderRoute.source], detailType: [...rerenderRoute.detailTypes] },
    targets: [
      toQueue(
        events.RuleTargetInput.fromObject({
          invoiceId: events.EventField.fromPath("$.detail.invoiceId"),
          businessId: events.EventField.fromPath("$.detail.businessId"),
          action: GENERATE_PDF,
          requestId: events.EventField.eventId,
        }),
      ),
    ],
  });

  // The reconciliation sweep.
  const sweepSpec = WORKERS["invoice-sweep"];
  const sweep = new Cron(stack, "InvoiceSweep", {
    schedule: "rate(15 minutes)",
    job: {
      function: {
        handler: handlerOf(sweepSpec),
        description: `hero365 ${stage}: ${sweepSpec.description}`,
        environment: { ...environment, INVOICE_QUEUE_URL: queue.queueUrl },
        bind: [core.secrets.SUPABASE_DB_URL],
      },
      cdk: { target: { retryAttempts: 2, maxEventAge: Duration.hours(1), deadLetterQueue: dlq } },
    },
    cdk: { rule: { ruleName: scheduleRuleName(app, sweepSpec.functionName) } },
  });
  sweep.jobFunction.attachPermissions(
    policyStatements(stack, sweepSpec.permissions, {
      stateTable: [core.state.tableArn],
      invoiceQueue: [queue.queueArn],
    }),
  );
  sweep.jobFunction.configureAsyncInvoke({
    retryAttempts: 2,
    maxEventAge: Duration.hours(1),
    onFailure: new destinations.SqsDestination(dlq),
  });

  stack.addOutputs({
    InvoicesBucket: bucket.bucketName,
    InvoiceQueueUrl: queue.queueUrl,
  });
  return { bucket, queue, worker, sweep, rules: { finalized, rerender } };
}
