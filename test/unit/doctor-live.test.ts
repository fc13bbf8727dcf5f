/** `doctor --live` against mocked AWS control-plane APIs (aws-sdk-client-mock): what it finds and what it says. */
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from "@aws-sdk/client-dynamodb";
import { DescribeClustersCommand, DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { GetParameterCommand, ParameterNotFound, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stageConfig } from "../../core/config/index.js";
import { SERVICES } from "../../core/matrix/tiers.js";
import { liveChecks } from "../../scripts/lib/doctor/live.js";
import { type DeployPlan, deployPlan } from "../../scripts/lib/doctor/plan.js";
import { render } from "../../scripts/lib/doctor/report.js";
import { runDoctor } from "../../scripts/lib/doctor/run.js";
import { type StageSecret, stageSecrets } from "../../scripts/lib/doctor/secrets.js";
import { synthesize } from "../../sim/local/synth.js";

const STAGE = "prod";
const ACCOUNT = "123456789012";
const config = stageConfig(STAGE);
const SECRET_VALUE = "xoxb-a-value-nobody-may-print";
let plan: DeployPlan;
let secrets: StageSecret[];

const ssm = mockClient(SSMClient);
const ecs = mockClient(ECSClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const aas = mockClient(ApplicationAutoScalingClient);
const cfn = mockClient(CloudFormationClient);
const dynamodb = mockClient(DynamoDBClient);
const logs = mockClient(CloudWatchLogsClient);

const notFound = () => new ParameterNotFound({ message: "not found", $metadata: {} });
const noStack = (name: string) =>
  Object.assign(new Error(`Stack with id ${name} does not exist`), { name: "ValidationError", $metadata: {} });

/** A healthy account before the first deploy: every secret set, every id real, no scaling, no leftovers. */
function healthyAccount() {
  for (const mock of [ssm, ecs, elb, aas, cfn, dynamodb, logs]) mock.reset();
  ssm.on(GetParameterCommand).callsFake(({ Name }: { Name: string }) => {
    if (Name.startsWith(`/sst/hero365-scaling/${STAGE}/Secret/`)) return { Parameter: { Name, Value: SECRET_VALUE } };
    throw notFound();
  });
  ecs.on(DescribeClustersCommand).resolves({ clusters: [{ clusterName: config.ecs.clusterName, status: "ACTIVE" }] });
  ecs.on(DescribeServicesCommand).callsFake(({ services }: { services: string[] }) => ({
    services: services.map((serviceName) => ({ serviceName, status: "ACTIVE", desiredCount: 2 })),
    failures: [],
  }));
  elb.on(DescribeLoadBalancersCommand).callsFake(({ Names }: { Names: string[] }) => ({
    LoadBalancers: Names.map((name) => {
      const full = SERVICES.map((s) => config.ecs.services[s].loadBalancerFullName).find((f) =>
        f.includes(`/${name}/`),
      );
      return { LoadBalancerArn: `arn:aws:elasticloadbalancing:${config.region}:${ACCOUNT}:loadbalancer/${full}` };
    }),
  }));
  elb.on(DescribeTargetGroupsCommand).callsFake(({ Names }: { Names: string[] }) => ({
    TargetGroups: Names.map((name) => {
      const full = SERVICES.map((s) => config.ecs.services[s].targetGroupFullName).find((f) => f.includes(`/${name}/`));
      return { TargetGroupArn: `arn:aws:elasticloadbalancing:${config.region}:${ACCOUNT}:${full}` };
    }),
  }));
  aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] });
  aas.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [] });
  cfn.on(DescribeStacksCommand).callsFake(({ StackName }: { StackName: string }) => {
    throw noStack(StackName);
  });
  dynamodb.on(DescribeTableCommand).rejects(new ResourceNotFoundException({ message: "no table", $metadata: {} }));
  logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
}

async function live() {
  const sections = await liveChecks({ stage: STAGE, config, plan, secrets });
  return render(sections);
}

beforeAll(async () => {
  plan = deployPlan((await synthesize(STAGE, { bundle: false })).stacks);
  secrets = stageSecrets(config, plan);
}, 120_000);

beforeEach(healthyAccount);

describe("doctor --live", () => {
  it("passes a healthy account (exit 0) and never prints a secret's value", async () => {
    const lines: string[] = [];
    const code = await runDoctor({ stage: STAGE, live: true, write: (t) => lines.push(t) });
    const out = lines.join("");

    expect(code).toBe(0);
    expect(out).toContain("0 problems");
    for (const s of secrets) expect(out).toContain(`${s.name}: set`);
    expect(out).toContain(`cluster ${config.ecs.clusterName}: ACTIVE`);
    expect(out).toContain("no scalable target yet");
    expect(out).toContain("/hero365/prod/paused does not exist: automatic actions run");
    expect(out).not.toContain(SECRET_VALUE);
  });

  it("reads a secret set only as SST's app-wide fallback as set, and names an unset one with the command", async () => {
    ssm.on(GetParameterCommand).callsFake(({ Name }: { Name: string }) => {
      if (Name.includes("SLACK_BOT_TOKEN")) throw notFound();
      if (Name.includes("/.fallback/Secret/GITHUB_TOKEN/")) return { Parameter: { Name, Value: SECRET_VALUE } };
      if (Name.startsWith(`/sst/hero365-scaling/${STAGE}/Secret/`) && !Name.includes("GITHUB_TOKEN")) {
        return { Parameter: { Name, Value: SECRET_VALUE } };
      }
      throw notFound();
    });
    const { text, problems } = await live();

    expect(problems).toBe(1);
    expect(text).toContain("GITHUB_TOKEN: set (app-wide fallback)");
    expect(text).toContain(
      "PROBLEM: SLACK_BOT_TOKEN is not set: npx sst secrets set SLACK_BOT_TOKEN <value> --stage prod",
    );
  });

  it("reports an unset secret the templates bind although the configuration does not use it", async () => {
    const unused: StageSecret = {
      name: "TICKET_WEBHOOK_URL",
      purpose: "bound, unused",
      usedBy: [],
      required: false,
      boundBy: ["fnplanupgradeticket"],
    };
    ssm.on(GetParameterCommand).callsFake(({ Name }: { Name: string }) => {
      if (Name.includes("/Secret/TICKET_WEBHOOK_URL/") || !Name.startsWith(`/sst/hero365-scaling/${STAGE}/`)) {
        throw notFound();
      }
      return { Parameter: { Name, Value: SECRET_VALUE } };
    });
    const sections = await liveChecks({
      stage: STAGE,
      config,
      plan,
      secrets: [...secrets.filter((s) => s.name !== unused.name), unused],
    });
    const { text, problems } = render(sections);

    expect(text).toContain(
      "PROBLEM: TICKET_WEBHOOK_URL is not set and is bound by fnplanupgradeticket: SST fails to load",
    );
    expect(problems).toBe(1);
  });

  it("reports a service missing from the cluster and a load balancer whose id differs", async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [{ serviceName: config.ecs.services.backend.serviceName, status: "ACTIVE", desiredCount: 3 }],
      failures: [{ arn: "arn:aws:ecs:x", reason: "MISSING" }],
    });
    elb.on(DescribeLoadBalancersCommand).resolves({
      LoadBalancers: [
        {
          LoadBalancerArn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/hero365-alb/ffffffffffffffff`,
        },
      ],
    });
    const { text, problems } = await live();

    expect(text).toContain(
      `PROBLEM: service ${config.ecs.services.frontend.serviceName} does not exist in ${config.ecs.clusterName}`,
    );
    expect(text).toContain(
      "PROBLEM: load balancer hero365-alb exists as app/hero365-alb/ffffffffffffffff, not app/hero365-alb/50dc6c495c0c9188",
    );
    expect(problems).toBe(3);
  });

  it("shows the existing scaling a first deploy would replace, and that CloudFormation would refuse it", async () => {
    const backend = `service/${config.ecs.clusterName}/${config.ecs.services.backend.serviceName}`;
    aas.on(DescribeScalableTargetsCommand).resolves({
      ScalableTargets: [
        {
          ServiceNamespace: "ecs",
          ResourceId: backend,
          ScalableDimension: "ecs:service:DesiredCount",
          MinCapacity: 2,
          MaxCapacity: 10,
          RoleARN: "arn:aws:iam::123456789012:role/x",
          CreationTime: new Date(0),
        },
      ],
    });
    aas.on(DescribeScalingPoliciesCommand, { ResourceId: backend }).resolves({
      ScalingPolicies: [
        { PolicyName: "cpu70", PolicyType: "TargetTrackingScaling" } as never,
        { PolicyName: "hero365-prod-backend-cpu", PolicyType: "TargetTrackingScaling" } as never,
      ],
    });
    const { text, problems } = await live();

    expect(text).toContain(`${backend}: scalable target min 2, max 10 -> the deploy sets min 3, max 15`);
    expect(text).toContain("policy cpu70 (TargetTrackingScaling): stays attached next to the stack's policies");
    expect(text).toContain(
      "policy hero365-prod-backend-cpu (TargetTrackingScaling): named like one of the stack's policies",
    );
    expect(text).toMatch(
      /PROBLEM: service\/hero365-cluster\/hero365-backend already has a scalable target that stack prod-hero365-scaling-Scaling does not own/,
    );
    expect(problems).toBe(1);
  });

  it("accepts existing scaling its own stack owns (a redeploy)", async () => {
    aas.on(DescribeScalableTargetsCommand).resolves({
      ScalableTargets: plan.scalableTargets.map((t) => ({
        ServiceNamespace: "ecs",
        ResourceId: t.resourceId,
        ScalableDimension: "ecs:service:DesiredCount",
        MinCapacity: t.min,
        MaxCapacity: t.max,
        RoleARN: "arn:aws:iam::123456789012:role/x",
        CreationTime: new Date(0),
      })),
    });
    cfn.on(DescribeStacksCommand).callsFake(({ StackName }: { StackName: string }) => ({
      Stacks: [{ StackName, StackStatus: "UPDATE_COMPLETE", CreationTime: new Date(0) }],
    }));
    const { text, problems } = await live();

    expect(problems).toBe(0);
    expect(text).toContain("stack prod-hero365-scaling-Scaling exists: its targets and policies are updated in place");
  });

  it("finds the state table and log group a deleted stack left, which block creating it again", async () => {
    dynamodb.on(DescribeTableCommand, { TableName: "prod-hero365-scaling-State" }).resolves({ Table: {} });
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: "/hero365/prod/app-bus/unrouted" }] });
    const { text, problems } = await live();

    expect(text).toContain(
      "PROBLEM: prod-hero365-scaling-State (AWS::DynamoDB::Table) is left from a deleted prod-hero365-scaling-Core and blocks creating it again",
    );
    expect(text).toContain("aws dynamodb delete-table --table-name prod-hero365-scaling-State");
    expect(text).toContain("aws logs delete-log-group --log-group-name /hero365/prod/app-bus/unrouted");
    expect(problems).toBe(2);
  });

  it("turns an AWS refusal into a finding, not a crash (exit 1)", async () => {
    ecs
      .on(DescribeClustersCommand)
      .rejects(Object.assign(new Error("User is not authorized"), { name: "AccessDeniedException", $metadata: {} }));
    const lines: string[] = [];
    const code = await runDoctor({ stage: STAGE, live: true, write: (t) => lines.push(t) });

    expect(code).toBe(1);
    expect(lines.join("")).toContain("PROBLEM: could not check: AccessDeniedException: User is not authorized");
  });
});
