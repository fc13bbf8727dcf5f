import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { stageConfig } from "../../core/config/index.js";
import { fontFiles } from "../../core/invoices/fonts.js";
import { InvoiceJobSchema } from "../../events/index.js";
import { matches, type Pattern } from "../../sim/local/event-pattern.js";
import type { Synthesized } from "../../sim/local/synth.js";
import { ROOT } from "../support/cli.js";
import { DEAD_LETTERS_ARN, deadLettersArn } from "../support/dead-letters.js";
import { fixture } from "../support/fixtures.js";
import { synthTemplates } from "../support/synth.js";

const STAGE = "prod";
let invoices: Template;
let bundles: Synthesized["bundles"];

beforeAll(async () => {
  const synthesized = await synthTemplates(STAGE);
  invoices = synthesized.template("Invoices");
  bundles = synthesized.app.bundles;
}, 120_000);

type Resource = { Type: string; Properties: Record<string, any> };
const resources = (type: string) =>
  Object.entries(invoices.findResources(type) as Record<string, Resource>).map(([id, r]) => ({ id, ...r }));
const one = (type: string, where: (r: { id: string } & Resource) => boolean) => {
  const found = resources(type).filter(where);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const ruleNamed = (prefix: string) => one("AWS::Events::Rule", (r) => r.id.startsWith(prefix));
const fn = (name: string) => one("AWS::Lambda::Function", (r) => r.Properties.Handler === `functions/${name}.handler`);
/** The statements of the policies attached to a function's role. */
const policyOf = (fnId: string) => {
  const role = (invoices.toJSON().Resources[fnId].Properties.Role as { "Fn::GetAtt": [string, string] })[
    "Fn::GetAtt"
  ][0];
  return resources("AWS::IAM::Policy")
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
};

/** What EventBridge's input transformer makes of an event: each `<name>` becomes the JSON value at its path. */
function transform(
  target: { InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string } },
  event: unknown,
) {
  const { InputPathsMap, InputTemplate } = target.InputTransformer;
  const body = InputTemplate.replace(/<([\w-]+)>/g, (_, name: string) => {
    const value = InputPathsMap[name]!.replace(/^\$\./, "")
      .split(".")
      .reduce<any>((at, key) => at?.[key], event);
    return JSON.stringify(value);
  });
  return JSON.parse(body);
}

describe("Invoices stack: routing from the app bus", () => {
  it("routes invoices inserted as or updated into finalized to the queue, and nothing else", () => {
    const rule = ruleNamed("InvoiceFinalized");
    expect(JSON.stringify(rule.Properties.EventBusName)).toContain("AppBus");
    const pattern = rule.Properties.EventPattern as Pattern;
    const sample = (name: string) => matches(pattern, fixture(`app-bus/${name}`));
    expect(sample("invoices.update-finalized")).toBe(true);
    expect(sample("invoices.insert-finalized")).toBe(true);
    expect(sample("invoices.insert-draft")).toBe(false);
    expect(sample("invoices.update-paid")).toBe(false);
    // The worker's own write leaves the invoice finalized: it must not start another job.
    expect(sample("invoices.update-pdf-recorded")).toBe(false);
    expect(sample("invoices.rerender-requested")).toBe(false);
    const otherTable = fixture<any>("app-bus/invoices.update-finalized");
    otherTable.detail.table = "jobs";
    expect(matches(pattern, otherTable)).toBe(false);
  });

  it("turns the Supabase change into the seed's message { invoiceId, businessId, action: generate_pdf }", () => {
    const [target] = ruleNamed("InvoiceFinalized").Properties.Targets;
    const message = transform(target, fixture("app-bus/invoices.update-finalized"));
    expect(message).toEqual({
      invoiceId: "3f6c2a9e-8b1d-4c57-9e2a-6d4b0f1a7c3e",
      businessId: "b8e1d4f2-5a3c-4e9b-8f7d-2c6a1e0b9d45",
      action: "generate_pdf",
    });
    expect(InvoiceJobSchema.safeParse(message).success).toBe(true);
  });

  it("routes a re-render request with its event id as the request id", () => {
    const rule = ruleNamed("InvoiceRerenderRequested");
    const event = fixture<any>("app-bus/invoices.rerender-requested");
    expect(matches(rule.Properties.EventPattern, event)).toBe(true);
    expect(matches(rule.Properties.EventPattern, fixture("app-bus/invoices.update-finalized"))).toBe(false);
    expect(transform(rule.Properties.Targets[0], event)).toEqual({
      invoiceId: event.detail.invoiceId,
      businessId: event.detail.businessId,
      action: "generate_pdf",
      requestId: event.id,
    });
  });

  it("retries delivery to the queue for a day, then parks the event in the stage's dead-letter queue", () => {
    for (const prefix of ["InvoiceFinalized", "InvoiceRerenderRequested"]) {
      expect(ruleNamed(prefix).Properties.Targets[0]).toMatchObject({
        Arn: { "Fn::GetAtt": [expect.stringMatching(/^InvoiceQueue/), "Arn"] },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
        DeadLetterConfig: { Arn: deadLettersArn() },
      });
    }
  });
});

describe("Invoices stack: the queue and the worker", () => {
  it("gives the queue a visibility timeout of six times the worker's timeout and the dead-letter queue after 5 receives", () => {
    const queue = one("AWS::SQS::Queue", (r) => r.id.startsWith("InvoiceQueue"));
    const worker = fn("invoice-worker");
    expect(worker.Properties.Timeout).toBe(30);
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * worker.Properties.Timeout);
    expect(queue.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: deadLettersArn(),
      maxReceiveCount: 5,
    });
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
  });

  it("keeps no dead-letter queue or queue alarm of its own: the invoices queue is its only queue", () => {
    expect(resources("AWS::SQS::Queue").map((q) => q.id)).toEqual([expect.stringMatching(/^InvoiceQueue/)]);
    invoices.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", { Namespace: "AWS/SQS" }, 0);
  });

  it("feeds the worker batches of 10 with partial batch responses, at most the stage's concurrency", () => {
    invoices.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^InvoiceQueue"), "Arn"] },
      BatchSize: 10,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      ScalingConfig: { MaximumConcurrency: stageConfig(STAGE).invoices.workerMaxConcurrency },
    });
  });

  it("runs the worker on nodejs22.x arm64 with the bucket, the state table and the database secret", () => {
    const worker = fn("invoice-worker");
    expect(worker.Properties).toMatchObject({ Runtime: "nodejs22.x", Architectures: ["arm64"], MemorySize: 1024 });
    expect(worker.Properties.Environment.Variables).toMatchObject({
      INVOICES_BUCKET_NAME: { Ref: expect.stringMatching(/^InvoicePdfs/) },
      STATE_TABLE_NAME: expect.anything(),
      SST_Secret_value_SUPABASE_DB_URL: "__FETCH_FROM_SSM__",
    });
  });

  it("lets the worker put objects under invoices/ in its bucket and nothing else in S3", () => {
    const statements = policyOf(fn("invoice-worker").id);
    const s3 = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith("s3:")));
    expect(s3).toEqual([
      expect.objectContaining({
        Action: "s3:PutObject",
        Resource: {
          "Fn::Join": ["", [{ "Fn::GetAtt": [expect.stringMatching(/^InvoicePdfs/), "Arn"] }, "/invoices/*"]],
        },
      }),
    ]);
    for (const s of statements) {
      if ([s.Action].flat().every((a) => a.startsWith("xray:"))) continue;
      expect(s.Resource, JSON.stringify(s.Action)).not.toBe("*");
    }
  });
});

describe("Invoices stack: the worker's fonts", () => {
  it("ships every Noto face as a file beside the bundle, not inside it, and tells the worker where", async () => {
    const worker = bundles.find((b) => b.handler === "functions/invoice-worker.handler");
    expect(worker).toBeDefined();
    const root = path.dirname(path.dirname(worker!.file));
    for (const { from, to } of fontFiles()) {
      const shipped = await stat(path.join(root, to));
      expect(shipped.size, to).toBe((await stat(path.join(ROOT, from))).size);
    }
    // The JavaScript alone (pdf-lib, fontkit, bidi-js and the AWS SDK clients it uses, bundled at the pinned
    // versions), no font data: the CJK faces are 5-10 MB each, the 18 faces 60 MB together.
    expect(worker!.bytes).toBeLessThan(5_000_000);
    // Not even the smallest face inline: no chunk holds a TrueType header, raw or base64.
    const dir = path.dirname(worker!.file);
    const chunks = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith(".mjs"));
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      const text = await readFile(path.join(dir, chunk), "latin1");
      expect(text.includes("\u0000\u0001\u0000\u0000\u0000"), chunk).toBe(false);
      expect(/AAEAAAA[A-Za-z0-9+/]{100}/.test(text), chunk).toBe(false);
    }
    expect(fn("invoice-worker").Properties.Environment.Variables.INVOICE_FONTS_DIR).toBe("fonts");
  });
});

describe("Invoices stack: the bucket", () => {
  const bucket = () => one("AWS::S3::Bucket", (r) => r.id.startsWith("InvoicePdfs")).Properties;

  it("encrypts every object, blocks all public access, keeps previous renders and requires TLS", () => {
    expect(bucket().BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
    });
    expect(bucket().PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket().VersioningConfiguration).toEqual({ Status: "Enabled" });
    invoices.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it("has the lifecycle rules: age invoices into cheaper storage, expire superseded renders, abort stale uploads, never expire an invoice", () => {
    const { Rules, TransitionDefaultMinimumObjectSize } = bucket().LifecycleConfiguration;
    expect(TransitionDefaultMinimumObjectSize).toBe("all_storage_classes_128K");
    expect(Rules).toEqual([
      {
        Id: "invoices-age-to-cheaper-storage",
        Prefix: "invoices/",
        Status: "Enabled",
        Transitions: [
          { StorageClass: "STANDARD_IA", TransitionInDays: 90 },
          { StorageClass: "GLACIER_IR", TransitionInDays: 365 },
        ],
      },
      { Id: "superseded-renders", NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: "Enabled" },
      { Id: "incomplete-uploads", AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: "Enabled" },
    ]);
    expect(JSON.stringify(Rules)).not.toContain("ExpirationInDays");
  });
});

describe("Invoices stack: the reconciliation sweep", () => {
  it("runs every 15 minutes, with retries and the dead-letter queue for both failure paths", () => {
    const rule = one("AWS::Events::Rule", (r) => r.Properties.ScheduleExpression !== undefined);
    expect(rule.Properties.ScheduleExpression).toBe("rate(15 minutes)");
    expect(rule.Properties.Targets[0]).toMatchObject({
      RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
      DeadLetterConfig: { Arn: deadLettersArn() },
    });
    invoices.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: DEAD_LETTERS_ARN } },
    });
  });

  it("may send to the invoices queue only, and knows its URL", () => {
    const sweep = fn("invoice-sweep");
    expect(sweep.Properties.Environment.Variables.INVOICE_QUEUE_URL).toEqual({
      Ref: expect.stringMatching(/^InvoiceQueue/),
    });
    const send = policyOf(sweep.id).filter((s) => [s.Action].flat().includes("sqs:SendMessage"));
    const targets = send.map((s) => JSON.stringify(s.Resource));
    expect(targets.filter((t) => t.includes("InvoiceQueue"))).toHaveLength(1);
    // The other: its failure destination, the stage's dead-letter queue.
    expect(targets.every((t) => t.includes("InvoiceQueue") || t.includes("DeadLetters"))).toBe(true);
  });
});
