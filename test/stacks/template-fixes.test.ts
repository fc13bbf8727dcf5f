/**
 * Template details that fail quietly in AWS (no error at deploy, a loss later): each asserted on the
 * synthesized templates of every stack.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { routedDetailTypes } from "../../core/ingest/app-bus.js";
import { killSwitchParameterName } from "../../core/scaling/kill-switch.js";
import { deployPlan, type StackTemplate } from "../../scripts/lib/doctor/plan.js";
import { matches, type Pattern } from "../../sim/local/event-pattern.js";
import { isDeadLettersArn } from "../support/dead-letters.js";
import { fixture } from "../support/fixtures.js";
import { synthesized } from "../support/synth.js";

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
let prod: StackTemplate[];
let dev: StackTemplate[];

beforeAll(async () => {
  prod = (await synthesized("prod", { bundle: false })).stacks;
  dev = (await synthesized("dev", { bundle: false })).stacks;
}, 120_000);

const resourcesOf = (stacks: StackTemplate[], type?: string) =>
  stacks.flatMap(({ name, template }) =>
    Object.entries(template.Resources as Record<string, Resource>)
      .filter(([, r]) => !type || r.Type === type)
      .map(([id, r]) => ({ stack: name, id, ...r })),
  );
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const onAppBus = (r: Resource) => JSON.stringify(r.Properties.EventBusName ?? "").includes("AppBus");

describe("the app bus's catch-all rule", () => {
  it("lets EventBridge send the catch-all's failed deliveries to the dead-letter queue, which its target never allows", () => {
    const [rule] = resourcesOf(prod, "AWS::Events::Rule").filter((r) => r.id.startsWith("UnroutedRule"));
    expect(isDeadLettersArn(rule?.Properties.Targets[0].DeadLetterConfig.Arn)).toBe(true);
    // aws-cdk-lib's CloudWatch Logs target adds no queue-policy statement: the dead-letter queue's own policy
    // must cover a rule on the app bus, whose ARN is `rule/<bus name>/<rule name>`.
    const [bus] = resourcesOf(prod, "AWS::Events::EventBus");
    const statements = resourcesOf(prod, "AWS::SQS::QueuePolicy")
      .filter((p) => p.stack.endsWith("-Core"))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    const allow = statements.find((s: any) => s.Principal?.Service === "events.amazonaws.com");
    const pattern = allow.Condition.ArnLike["aws:SourceArn"]["Fn::Join"][1]
      .map((part: unknown) => (typeof part === "string" ? part : "aws"))
      .join("");
    const account = allow.Condition.StringEquals["aws:SourceAccount"];
    const ruleArn = `arn:aws:events:us-east-1:${account}:rule/${bus?.Properties.Name}/prod-hero365-scaling-Ingest-UnroutedRule-1A2B3C`;
    const like = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`);
    expect(ruleArn).toMatch(like);
  });

  it("matches only the detail-types no other app-bus rule routes, and every app-bus rule's are routed", () => {
    const rules = resourcesOf(prod, "AWS::Events::Rule").filter(onAppBus);
    const catchAll = rules.filter((r) => r.id.startsWith("UnroutedRule"));
    const others = rules.filter((r) => !r.id.startsWith("UnroutedRule"));
    expect(catchAll).toHaveLength(1);
    expect(others.length).toBeGreaterThan(0);

    const routed = routedDetailTypes();
    for (const rule of others) {
      const detailTypes = rule.Properties.EventPattern["detail-type"];
      expect(detailTypes, `${rule.id} must name its detail-types, or the catch-all cannot leave them out`).toEqual(
        expect.any(Array),
      );
      for (const detailType of detailTypes) expect(routed, `${rule.id}: ${detailType}`).toContain(detailType);
    }
    expect(catchAll[0]?.Properties.EventPattern["detail-type"]).toEqual([{ "anything-but": routed }]);
  });

  it("leaves out the invoice events the invoice rules take, and catches a detail-type nobody routes", () => {
    const [catchAll] = resourcesOf(prod, "AWS::Events::Rule").filter((r) => r.id.startsWith("UnroutedRule"));
    const pattern = catchAll?.Properties.EventPattern as Pattern;
    const [account] = pattern.account as string[];
    const event = (name: string) => ({ ...fixture(`app-bus/${name}`), account });
    for (const name of ["invoices.update-finalized", "invoices.insert-finalized", "invoices.rerender-requested"]) {
      expect(matches(pattern, event(name)), name).toBe(false);
    }
    expect(matches(pattern, { ...event("invoices.update-finalized"), "detail-type": "customers.insert" })).toBe(true);
  });
});

describe("the app bus's archive", () => {
  it("has no empty KmsKeyIdentifier (aws-cdk#37847), so AWS uses its own key", () => {
    const archives = resourcesOf(prod, "AWS::Events::Archive");
    expect(archives).toHaveLength(1);
    expect(archives[0]?.Properties).not.toHaveProperty("KmsKeyIdentifier");
  });
});

describe("the kill switch", () => {
  it.each(["prod", "dev"])("%s: no template can write it, so no deploy resets a pause", (stage) => {
    const stacks = stage === "prod" ? prod : dev;
    const name = killSwitchParameterName(stage);
    expect(resourcesOf(stacks, "AWS::SSM::Parameter").filter((p) => p.Properties.Name === name)).toEqual([]);
    // The functions that read it (scale-ecs and the reconciler) and the one a person's Slack click writes it
    // through (slack-actions, at run time), with their policies, name it; no resource writes it on deploy.
    const naming = resourcesOf(stacks).filter((r) => JSON.stringify(r.Properties ?? {}).includes(name));
    expect(naming.map((r) => r.Type).sort()).toEqual([
      "AWS::IAM::Policy",
      "AWS::IAM::Policy",
      "AWS::IAM::Policy",
      "AWS::Lambda::Function",
      "AWS::Lambda::Function",
      "AWS::Lambda::Function",
    ]);
    const statements = naming
      .filter((r) => r.Type === "AWS::IAM::Policy")
      .flatMap((r) => r.Properties.PolicyDocument.Statement)
      .filter((s: { Resource: unknown }) => JSON.stringify(s.Resource).includes(name));
    const actions = statements.flatMap((s: { Action: string | string[] }) => [s.Action].flat()).sort();
    expect(actions).toEqual(["ssm:GetParameter", "ssm:GetParameter", "ssm:GetParameter", "ssm:PutParameter"]);
    const writers = naming.filter(
      (r) => r.Type === "AWS::IAM::Policy" && JSON.stringify(r.Properties).includes("ssm:PutParameter"),
    );
    expect(writers.map((r) => JSON.stringify(r.Properties.Roles))).toEqual([expect.stringMatching(/slackactions/i)]);
    expect(JSON.stringify(resourcesOf(stacks))).not.toMatch(/ssm:\*/);
  });
});

describe("deleting and re-creating a stage's stacks", () => {
  it("keeps only the prod state table under a fixed name (doctor lists it, --live finds it)", () => {
    const retained = deployPlan(prod).fixedNames.filter((r) => r.retained);
    expect(retained).toEqual([
      {
        stack: "prod-hero365-scaling-Core",
        type: "AWS::DynamoDB::Table",
        name: "prod-hero365-scaling-State",
        retained: true,
      },
    ]);
    expect(deployPlan(dev).fixedNames.filter((r) => r.retained)).toEqual([]);
  });

  it("deletes the unrouted-events log group with its stack, so its fixed name is free again", () => {
    const groups = resourcesOf(prod, "AWS::Logs::LogGroup").filter(
      (g) => g.Properties.LogGroupName === "/hero365/prod/app-bus/unrouted",
    );
    expect(groups).toHaveLength(1);
    expect(groups[0]?.DeletionPolicy).toBe("Delete");
  });
});
