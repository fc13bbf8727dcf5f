import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { DEAD_LETTERS_ARN } from "../support/dead-letters.js";
import { synthTemplates } from "../support/synth.js";

let ingest: Template;
let core: Template;

beforeAll(async () => {
  const synth = await synthTemplates("prod");
  ingest = synth.template("Ingest");
  core = synth.template("Core");
}, 120_000);

const logicalId = (template: Template, type: string, props: Record<string, unknown>) => {
  const ids = Object.keys(template.findResources(type, { Properties: props }));
  expect(ids, `${type} ${JSON.stringify(props)}`).toHaveLength(1);
  return ids[0] as string;
};

function ingestStatements(handler = "functions/supabase-webhook.handler"): any[] {
  const fn = logicalId(ingest, "AWS::Lambda::Function", { Handler: handler });
  const role = (ingest.findResources("AWS::Lambda::Function")[fn] as any).Properties.Role["Fn::GetAtt"][0];
  const policies = Object.values(ingest.findResources("AWS::IAM::Policy")).filter((p: any) =>
    p.Properties.Roles.some((r: any) => r.Ref === role),
  );
  return policies.flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe("Ingest stack: the supabase-webhook function", () => {
  it("is reachable at a Function URL without AWS auth (the webhook signature is the auth), without CORS", () => {
    const fn = logicalId(ingest, "AWS::Lambda::Function", { Handler: "functions/supabase-webhook.handler" });
    ingest.hasResourceProperties("AWS::Lambda::Url", {
      AuthType: "NONE",
      InvokeMode: "BUFFERED",
      TargetFunctionArn: { "Fn::GetAtt": [fn, "Arn"] },
      Cors: Match.absent(),
    });
    ingest.hasOutput("SupabaseWebhookUrl", {});
  });

  it("runs on nodejs22.x and arm64, with the bus, the fallback queue and the webhook secret bound", () => {
    ingest.hasResourceProperties("AWS::Lambda::Function", {
      Handler: "functions/supabase-webhook.handler",
      Runtime: "nodejs22.x",
      Architectures: ["arm64"],
      Environment: {
        Variables: Match.objectLike({
          APP_BUS_NAME: { "Fn::ImportValue": Match.stringLikeRegexp("AppBus") },
          INGEST_FALLBACK_QUEUE_URL: { Ref: Match.stringLikeRegexp("^supabasewebhookfallback") },
          SST_Secret_value_SUPABASE_WEBHOOK_SECRET: "__FETCH_FROM_SSM__",
        }),
      },
    });
  });

  it("may put events on the app bus only, and send messages to the fallback queue only", () => {
    const statements = ingestStatements();
    const withAction = (action: string) => statements.filter((s) => [s.Action].flat().includes(action));

    expect(withAction("events:PutEvents")).toEqual([
      expect.objectContaining({ Resource: { "Fn::ImportValue": expect.stringMatching(/AppBus.*Arn/) } }),
    ]);
    expect(withAction("sqs:SendMessage")).toEqual([
      expect.objectContaining({
        Resource: { "Fn::GetAtt": [expect.stringMatching(/^supabasewebhookfallback/), "Arn"] },
      }),
    ]);
    const actions = statements.flatMap((s) => [s.Action].flat()).sort();
    expect(actions).toEqual([
      "events:PutEvents",
      "sqs:SendMessage",
      "ssm:GetParameters",
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments",
    ]);
    for (const s of statements) {
      if ([s.Action].flat().some((a: string) => a.startsWith("xray:"))) continue;
      expect(s.Resource, JSON.stringify(s.Action)).not.toBe("*");
    }
    const ssm = statements.find((s) => s.Action === "ssm:GetParameters");
    expect(JSON.stringify(ssm.Resource)).toContain("/Secret/SUPABASE_WEBHOOK_SECRET/value");
  });

  it("keeps refused events 14 days in a fallback queue big enough for a full 256 KB entry, alarmed on its first", () => {
    ingest.hasResourceProperties("AWS::SQS::Queue", {
      MaximumMessageSize: 1048576,
      MessageRetentionPeriod: 14 * 86_400,
      SqsManagedSseEnabled: true,
    });
    ingest.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "hero365-prod-supabase-webhook-fallback",
      Dimensions: [
        {
          Name: "QueueName",
          Value: { "Fn::GetAtt": [Match.stringLikeRegexp("^supabasewebhookfallback"), "QueueName"] },
        },
      ],
      Threshold: 0,
      AlarmActions: [Match.anyValue()],
    });
  });

  it("alarms when the function fails (an event stored nowhere)", () => {
    ingest.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "hero365-prod-supabase-webhook-errors",
      MetricName: "Errors",
      Namespace: "AWS/Lambda",
      Threshold: 0,
      AlarmActions: [Match.anyValue()],
    });
  });
});

describe("Ingest stack: the app bus's catch-all rule", () => {
  it("logs every app-bus event no rule handles, with retries and the dead-letter queue", () => {
    ingest.hasResourceProperties("AWS::Events::Rule", {
      EventBusName: { "Fn::ImportValue": Match.stringLikeRegexp("AppBus") },
      EventPattern: { account: [Match.anyValue()] },
      Targets: [
        Match.objectLike({
          Arn: {
            "Fn::Join": [
              "",
              Match.arrayWith([
                Match.stringLikeRegexp(":log-group:$"),
                { Ref: Match.stringLikeRegexp("^UnroutedEvents") },
              ]),
            ],
          },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: DEAD_LETTERS_ARN },
        }),
      ],
    });
    ingest.hasResourceProperties("AWS::Logs::LogGroup", {
      LogGroupName: "/hero365/prod/app-bus/unrouted",
      RetentionInDays: 30,
    });
  });
});

describe("Core stack: the app bus", () => {
  it("has the app bus, archived 30 days for replay", () => {
    const bus = logicalId(core, "AWS::Events::EventBus", {});
    core.hasResourceProperties("AWS::Events::Archive", {
      SourceArn: { "Fn::GetAtt": [bus, "Arn"] },
      RetentionDays: 30,
    });
  });
});

describe("Ingest stack: the fallback queue's consumer", () => {
  it("consumes the fallback queue in batches with partial batch responses, two at a time", () => {
    const fn = logicalId(ingest, "AWS::Lambda::Function", { Handler: "functions/ingest-redrive.handler" });
    ingest.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: fn },
      EventSourceArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^supabasewebhookfallback"), "Arn"] },
      BatchSize: 10,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it("gives a refused event 16 receives (its backoff grows to 15 minutes), then parks it in the dead-letter queue", () => {
    ingest.hasResourceProperties("AWS::SQS::Queue", {
      MaximumMessageSize: 1048576,
      VisibilityTimeout: 300,
      RedrivePolicy: {
        maxReceiveCount: 16,
        deadLetterTargetArn: DEAD_LETTERS_ARN,
      },
    });
    // The fallback queue is the stack's only queue: a consumed one, not a dead-letter queue.
    ingest.resourceCountIs("AWS::SQS::Queue", 1);
  });

  it("may put events on the app bus and consume the fallback queue, nothing else", () => {
    const statements = ingestStatements("functions/ingest-redrive.handler");
    const actions = statements.flatMap((s) => [s.Action].flat()).sort();
    expect(actions).toEqual(
      [
        "events:PutEvents",
        "sqs:ChangeMessageVisibility",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
        "sqs:ReceiveMessage",
        // Tracing, as every function of the app (X-Ray active).
        "xray:PutTelemetryRecords",
        "xray:PutTraceSegments",
      ].sort(),
    );
    for (const s of statements.filter((s) => ![s.Action].flat().some((a: string) => a.startsWith("xray:")))) {
      const resources = JSON.stringify(s.Resource);
      if ([s.Action].flat().includes("events:PutEvents")) expect(resources).toContain("AppBus");
      else expect(resources).toMatch(/supabasewebhookfallback/);
    }
  });
});
