import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { DEAD_LETTERS_ARN, deadLettersArn } from "../support/dead-letters.js";
import { synthTemplates } from "../support/synth.js";

let slack: Template;

beforeAll(async () => {
  const synth = await synthTemplates("prod");
  slack = synth.template("SlackActions");
}, 120_000);

function fnId(): string {
  const ids = Object.keys(
    slack.findResources("AWS::Lambda::Function", { Properties: { Handler: "functions/slack-actions.handler" } }),
  );
  expect(ids).toHaveLength(1);
  return ids[0] as string;
}

function statements(): any[] {
  const role = (slack.findResources("AWS::Lambda::Function")[fnId()] as any).Properties.Role["Fn::GetAtt"][0];
  return Object.values(slack.findResources("AWS::IAM::Policy"))
    .filter((p: any) => p.Properties.Roles.some((r: any) => r.Ref === role))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe("SlackActions stack: the slack-actions function", () => {
  it("is reachable at a Function URL without AWS auth (Slack's signature is the auth), without CORS", () => {
    slack.hasResourceProperties("AWS::Lambda::Url", {
      AuthType: "NONE",
      TargetFunctionArn: { "Fn::GetAtt": [fnId(), "Arn"] },
      Cors: Match.absent(),
    });
    slack.hasOutput("SlackInteractivityUrl", {});
  });

  it("runs on nodejs22.x and arm64 with the signing secret bound and the kill switch named", () => {
    slack.hasResourceProperties("AWS::Lambda::Function", {
      Handler: "functions/slack-actions.handler",
      Runtime: "nodejs22.x",
      Architectures: ["arm64"],
      Environment: {
        Variables: Match.objectLike({
          KILL_SWITCH_PARAMETER: "/hero365/prod/paused",
          SST_Secret_value_SLACK_SIGNING_SECRET: "__FETCH_FROM_SSM__",
        }),
      },
    });
  });

  it("may write the stage's kill switch parameter only, and scale back only what the OK path restores", () => {
    const ssm = statements().filter((s) => [s.Action].flat().some((a: string) => a.startsWith("ssm:Put")));
    expect(ssm).toHaveLength(1);
    expect([ssm[0].Action].flat().sort()).toEqual(["ssm:GetParameter", "ssm:PutParameter"]);
    expect(JSON.stringify(ssm[0].Resource)).toContain(":parameter/hero365/prod/paused");
    const all = statements().flatMap((s) => [s.Action].flat());
    expect(all.filter((a: string) => a === "*" || a.endsWith(":*"))).toEqual([]);
    // On "*" only what has no resource-level permissions: X-Ray (active tracing), and Scale back's
    // DescribeScalableTargets (the example prod stage lets someone scale back).
    const anywhere = statements().filter((s) => s.Resource === "*");
    expect(anywhere.flatMap((s) => [s.Action].flat()).sort()).toEqual([
      "application-autoscaling:DescribeScalableTargets",
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments",
    ]);
    const register = statements().filter((s) =>
      [s.Action].flat().includes("application-autoscaling:RegisterScalableTarget"),
    );
    expect(JSON.stringify(register[0]?.Resource)).toContain("scalable-target/*");
  });

  it("may invoke itself only (the hand-off of a slow click), from a policy of its own", () => {
    const invoke = statements().filter((s) => [s.Action].flat().some((a: string) => a.startsWith("lambda:")));
    expect(invoke).toEqual([
      { Effect: "Allow", Action: "lambda:InvokeFunction", Resource: { "Fn::GetAtt": [fnId(), "Arn"] } },
    ]);
  });

  it("retries a handed-off click twice, then keeps it in the stage's dead-letter queue (which alarms)", () => {
    slack.resourceCountIs("AWS::SQS::Queue", 0);
    slack.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: { Ref: fnId() },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: DEAD_LETTERS_ARN } },
    });
    const send = statements().filter((s) => [s.Action].flat().includes("sqs:SendMessage"));
    expect(send.map((s) => s.Resource)).toEqual([deadLettersArn()]);
  });

  it("alarms to the alerts topic on the function's first error", () => {
    slack.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "hero365-prod-slack-actions-errors",
      MetricName: "Errors",
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      AlarmActions: [{ "Fn::ImportValue": Match.stringLikeRegexp("AlertsTopic") }],
    });
  });
});
