/**
 * Least privilege across the whole app: every statement of every IAM policy in every stack, no `*` action and
 * no `*` resource, except where the AWS API offers no narrower choice (each listed with the reason).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { synthesized } from "../support/synth.js";

/** Actions that may (must) be granted on `*`, and why. */
const STAR_RESOURCE_ALLOWED: Record<string, string> = {
  "xray:PutTraceSegments": "X-Ray has no resource-level permissions (active tracing)",
  "xray:PutTelemetryRecords": "X-Ray has no resource-level permissions (active tracing)",
  "cloudwatch:GetMetricData": "GetMetricData has no resource-level permissions",
  "application-autoscaling:DescribeScalableTargets":
    "Describe* of Application Auto Scaling has no resource-level permissions",
  "logs:GetQueryResults": "Logs Insights query results are addressed by query id, not by a resource ARN",
  "logs:StopQuery": "Logs Insights queries are addressed by query id, not by a resource ARN",
  "logs:PutResourcePolicy": "CloudWatch Logs resource policies are account-level (CDK's rule → log group target)",
  "logs:DeleteResourcePolicy": "CloudWatch Logs resource policies are account-level (CDK's rule → log group target)",
};

interface Statement {
  stack: string;
  policy: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

let statements: Statement[] = [];

beforeAll(async () => {
  const app = await synthesized("prod", { bundle: false });
  statements = app.stacks.flatMap(({ name, template }) =>
    Object.entries((template.Resources ?? {}) as Record<string, { Type: string; Properties: any }>).flatMap(
      ([id, resource]) => {
        const documents =
          resource.Type === "AWS::IAM::Policy"
            ? [resource.Properties.PolicyDocument]
            : resource.Type === "AWS::IAM::Role"
              ? (resource.Properties.Policies ?? []).map((p: any) => p.PolicyDocument)
              : [];
        return documents.flatMap((d: any) => d.Statement.map((s: any) => ({ ...s, stack: name, policy: id })));
      },
    ),
  );
}, 120_000);

describe("least privilege, every function and every stack", () => {
  it("has statements to check (the synth found the policies)", () => {
    expect(statements.length).toBeGreaterThan(30);
  });

  it("covers the scheduled functions too (the reconciler's policy is among those checked)", () => {
    expect(new Set(statements.map((s) => s.stack.replace(/^prod-hero365-scaling-/, "")))).toContain("Reconciler");
  });

  it("grants no `*` action and no service-wide `service:*` action", () => {
    const wide = statements.filter((s) => [s.Action].flat().some((a) => a === "*" || a.endsWith(":*")));
    expect(wide.map((s) => `${s.stack} ${s.policy}: ${[s.Action].flat().join(",")}`)).toEqual([]);
  });

  it("grants `*` resources only for the actions whose API requires it, each with its reason", () => {
    const offenders = statements
      .filter((s) => s.Effect === "Allow" && [s.Resource].flat().includes("*"))
      .flatMap((s) =>
        [s.Action]
          .flat()
          .filter((a) => !(a in STAR_RESOURCE_ALLOWED))
          .map((a) => `${s.stack} ${s.policy}: ${a}`),
      );
    expect(offenders).toEqual([]);
  });

  it("uses every listed exception somewhere (the list stays honest)", () => {
    const granted = new Set(
      statements.filter((s) => [s.Resource].flat().includes("*")).flatMap((s) => [s.Action].flat()),
    );
    for (const action of Object.keys(STAR_RESOURCE_ALLOWED)) expect(granted, action).toContain(action);
  });
});
