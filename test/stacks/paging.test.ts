import { Match, type Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useConfiguration } from "../../core/config/index.js";
import { TEST_CONFIG } from "../support/config.js";
import { DEAD_LETTERS_ARN } from "../support/dead-letters.js";
import { synthTemplates } from "../support/synth.js";

let paging: Template;
let core: Template;
let reactions: Template;

beforeAll(async () => {
  // The test configuration's prod pages through PagerDuty (the example file ships with PagerDuty off).
  useConfiguration(TEST_CONFIG);
  const synth = await synthTemplates("prod", { configuration: TEST_CONFIG });
  paging = synth.template("Paging");
  core = synth.template("Core");
  reactions = synth.template("Reactions");
}, 120_000);
afterAll(() => useConfiguration(undefined));

const statements = (template: Template) =>
  (Object.values(template.findResources("AWS::IAM::Policy")) as any[]).flatMap(
    (p) => p.Properties.PolicyDocument.Statement,
  );

describe("Paging stack: the page-oncall reaction", () => {
  it("routes ALARM and OK of the error-rate and load-balancer 5xx alarms on the default bus to page-oncall, with retries and the dead-letter queue", () => {
    paging.hasResourceProperties("AWS::Events::Rule", {
      EventBusName: "default",
      EventPattern: {
        source: ["aws.cloudwatch"],
        "detail-type": ["CloudWatch Alarm State Change"],
        detail: {
          alarmName: [{ prefix: "hero365-prod-error-rate-high-" }, { prefix: "hero365-prod-lb-error-rate-high-" }],
          state: { value: ["ALARM", "OK"] },
        },
      },
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: DEAD_LETTERS_ARN },
        }),
      ],
    });
  });

  it("sends the function's own failures to the stage's dead-letter queue after two async retries", () => {
    paging.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: DEAD_LETTERS_ARN } },
    });
    paging.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", { Namespace: "AWS/SQS" }, 0);
  });

  it("runs on nodejs22.x, arm64, with a minute for bounded retries and diagnostics, and the topics' ARNs", () => {
    paging.hasResourceProperties("AWS::Lambda::Function", {
      Handler: "functions/page-oncall.handler",
      Runtime: "nodejs22.x",
      Architectures: ["arm64"],
      Timeout: 60,
      Environment: {
        Variables: Match.objectLike({
          ONCALL_TOPIC_ARN: Match.anyValue(),
          ALERTS_TOPIC_ARN: Match.anyValue(),
          STATE_TABLE_NAME: Match.anyValue(),
        }),
      },
    });
  });

  it("is bound to the Slack bot token and the PagerDuty key only (bot mode, PagerDuty on), read from SSM at run time", () => {
    paging.hasResourceProperties("AWS::Lambda::Function", {
      Handler: "functions/page-oncall.handler",
      Environment: {
        Variables: Match.objectLike({
          SST_Secret_value_SLACK_BOT_TOKEN: "__FETCH_FROM_SSM__",
          SST_Secret_value_PAGERDUTY_ROUTING_KEY: "__FETCH_FROM_SSM__",
          SST_Secret_value_SLACK_WEBHOOK_URL: Match.absent(),
        }),
      },
    });
    const ssm = statements(paging).filter((s) => [s.Action].flat().includes("ssm:GetParameters"));
    expect(ssm).toHaveLength(2);
    for (const s of ssm)
      expect(JSON.stringify(s.Resource)).toMatch(/parameter\/sst\/hero365-scaling\/(prod|\.fallback)\/Secret\//);
  });

  it("may publish to the on-call topic only", () => {
    const publish = statements(paging).filter((s) => [s.Action].flat().some((a: string) => a.startsWith("sns:")));
    expect(publish).toHaveLength(1);
    expect(publish[0].Action).toBe("sns:Publish");
    expect(JSON.stringify(publish[0].Resource)).toContain("OnCallTopic");
  });

  it("grants * only to the calls that support no resource-level permissions", () => {
    const wildcard = statements(paging).filter((s) => s.Resource === "*");
    expect(wildcard.map((s) => [s.Action].flat()).sort()).toEqual([
      ["cloudwatch:GetMetricData", "logs:GetQueryResults", "logs:StopQuery"],
      ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
    ]);
  });

  it("scopes diagnostics, follow-ups and alarm reads to this stage's resources", () => {
    const byAction = (action: string) =>
      JSON.stringify(statements(paging).find((s) => [s.Action].flat().includes(action))?.Resource);
    expect(byAction("logs:StartQuery")).toContain("log-group:/ecs/hero365-backend");
    expect(byAction("logs:StartQuery")).toContain("log-group:/ecs/hero365-frontend");
    expect(byAction("ecs:DescribeServices")).toContain("service/hero365-cluster/hero365-backend");
    expect(byAction("cloudwatch:DescribeAlarms")).toContain("alarm:hero365-prod-error-rate-high-*");
    expect(byAction("sqs:SendMessage")).toMatch(/pageoncallfollowups/);
  });

  it("consumes its own follow-up queue, with partial batch failures and the dead-letter queue after 3 receives", () => {
    paging.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
    paging.hasResourceProperties("AWS::SQS::Queue", {
      RedrivePolicy: {
        deadLetterTargetArn: DEAD_LETTERS_ARN,
        maxReceiveCount: 3,
      },
    });
  });

  it("binds the notify reaction to the Slack bot token only: it never pages, and the stage uses no webhook", () => {
    const notify = Object.values(
      reactions.findResources("AWS::Lambda::Function", { Properties: { Handler: "functions/notify.handler" } }),
    ) as any[];
    expect(notify).toHaveLength(1);
    const bound = Object.keys(notify[0].Properties.Environment.Variables).filter((k) => k.startsWith("SST_Secret_"));
    expect(bound).toEqual(["SST_Secret_value_SLACK_BOT_TOKEN"]);
  });

  it("lets the notify reaction read the state of its rows' alarms only, for the freshness check", () => {
    const reads = statements(reactions).filter((s) => [s.Action].flat().includes("cloudwatch:DescribeAlarms"));
    expect(reads).toHaveLength(1);
    expect([reads[0].Action].flat()).toEqual(["cloudwatch:DescribeAlarms"]);
    const resources = [reads[0].Resource].flat().map((r) => JSON.stringify(r));
    expect(resources).toHaveLength(2);
    expect(resources[0]).toContain(":alarm:hero365-prod-cpu-critical-*");
    expect(resources[1]).toContain(":alarm:hero365-prod-memory-critical-*");
  });
});

describe("Core stack: the notification topics", () => {
  it("has an on-call topic and a general alerts topic", () => {
    core.hasResourceProperties("AWS::SNS::Topic", { DisplayName: "Hero365 prod on-call" });
    core.hasResourceProperties("AWS::SNS::Topic", { DisplayName: "Hero365 prod alerts" });
  });
});
