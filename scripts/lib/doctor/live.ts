/**
 * `doctor --live`: what the account says about a stage before a deploy. Read-only calls only: the secrets are
 * set (never printed), the ECS and ALB ids exist, the scaling a deploy would take over, and the leftovers of a
 * deleted stack that would block creating it again.
 */
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
import type { StageConfig } from "../../../core/config/schema.js";
import { SERVICES } from "../../../core/matrix/tiers.js";
import { type Finding, note, problem } from "./findings.js";
import type { DeployPlan } from "./plan.js";
import { type StageSecret, secretParameterPaths } from "./secrets.js";

export interface Section {
  title: string;
  lines: string[];
  findings: Finding[];
}

export interface LiveInput {
  stage: string;
  config: StageConfig;
  plan: DeployPlan;
  secrets: StageSecret[];
}

/** An error AWS (or the SDK's credential chain) answered with: a finding, not a crash. */
function awsError(error: unknown): error is Error {
  return error instanceof Error && ("$metadata" in error || error.name === "CredentialsProviderError");
}

async function section(title: string, run: (s: Section) => Promise<void>): Promise<Section> {
  const s: Section = { title, lines: [], findings: [] };
  try {
    await run(s);
  } catch (error) {
    if (!awsError(error)) throw error;
    s.findings.push(problem(`could not check: ${error.name}: ${error.message}`));
  }
  return s;
}

export async function liveChecks({ stage, config, plan, secrets }: LiveInput): Promise<Section[]> {
  const region = config.region;
  const ssm = new SSMClient({ region });
  const ecs = new ECSClient({ region });
  const elb = new ElasticLoadBalancingV2Client({ region });
  const aas = new ApplicationAutoScalingClient({ region });
  const cfn = new CloudFormationClient({ region });
  const dynamodb = new DynamoDBClient({ region });
  const logs = new CloudWatchLogsClient({ region });

  const stackExists = async (name: string) => {
    try {
      const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: name }));
      return (Stacks ?? []).some((s) => s.StackStatus !== "DELETE_COMPLETE");
    } catch (error) {
      // CloudFormation answers a missing stack with a ValidationError "Stack with id … does not exist".
      if (error instanceof Error && error.name === "ValidationError" && /does not exist/.test(error.message)) {
        return false;
      }
      throw error;
    }
  };

  return [
    await section("Secrets", async (s) => {
      const paths = plan.secretPaths;
      if (!paths) {
        s.lines.push("no function binds a secret");
        return;
      }
      for (const secret of secrets) {
        const state = await secretState(ssm, secretParameterPaths(paths, secret.name));
        s.lines.push(`${secret.name}: ${state}`);
        if (state !== "not set") continue;
        s.findings.push(
          problem(
            secret.required
              ? `${secret.name} is not set: npx sst secrets set ${secret.name} <value> --stage ${stage}`
              : `${secret.name} is not set and is bound by ${secret.boundBy.join(", ")}: SST fails to load their secrets at import`,
          ),
        );
      }
    }),
    await section("ECS", async (s) => {
      const cluster = config.ecs.clusterName;
      const { clusters = [] } = await ecs.send(new DescribeClustersCommand({ clusters: [cluster] }));
      const found = clusters.find((c) => c.clusterName === cluster);
      if (found?.status !== "ACTIVE") {
        s.findings.push(problem(`cluster ${cluster} ${found ? `is ${found.status}` : "does not exist"} in ${region}`));
        return;
      }
      s.lines.push(`cluster ${cluster}: ${found.status}`);
      const names = SERVICES.map((svc) => config.ecs.services[svc].serviceName);
      const { services = [] } = await ecs.send(new DescribeServicesCommand({ cluster, services: names }));
      for (const name of names) {
        const svc = services.find((x) => x.serviceName === name);
        if (svc?.status === "ACTIVE") s.lines.push(`service ${name}: ACTIVE, desired ${svc.desiredCount}`);
        else s.findings.push(problem(`service ${name} ${svc ? `is ${svc.status}` : "does not exist"} in ${cluster}`));
      }
    }),
    await section("Load balancing", async (s) => {
      for (const service of SERVICES) {
        const { loadBalancerFullName, targetGroupFullName } = config.ecs.services[service];
        s.findings.push(...(await loadBalancer(elb, loadBalancerFullName, s.lines)));
        s.findings.push(...(await targetGroup(elb, targetGroupFullName, s.lines)));
      }
    }),
    await section("Existing scaling a deploy replaces", async (s) => {
      const ids = [...new Set(plan.scalableTargets.map((t) => t.resourceId))];
      if (ids.length === 0) {
        s.lines.push("the templates register no scalable target: existing scaling stays as it is");
        return;
      }
      const owner = plan.scalableTargets[0]?.stack ?? "";
      const owned = await stackExists(owner);
      const { ScalableTargets = [] } = await aas.send(
        new DescribeScalableTargetsCommand({ ServiceNamespace: "ecs", ResourceIds: ids }),
      );
      for (const planned of plan.scalableTargets) {
        const existing = ScalableTargets.find((t) => t.ResourceId === planned.resourceId);
        if (!existing) {
          s.lines.push(
            `${planned.resourceId}: no scalable target yet; the deploy registers min ${planned.min}, max ${planned.max}`,
          );
          continue;
        }
        s.lines.push(
          `${planned.resourceId}: scalable target min ${existing.MinCapacity}, max ${existing.MaxCapacity} -> the deploy sets min ${planned.min}, max ${planned.max}`,
        );
        const { ScalingPolicies = [] } = await aas.send(
          new DescribeScalingPoliciesCommand({ ServiceNamespace: "ecs", ResourceId: planned.resourceId }),
        );
        const mine = new Set(plan.scalingPolicies.map((p) => p.name));
        for (const policy of ScalingPolicies) {
          const fate = mine.has(policy.PolicyName ?? "")
            ? "named like one of the stack's policies"
            : "stays attached next to the stack's policies, and is deleted with the target when the stack is removed";
          s.lines.push(`  policy ${policy.PolicyName} (${policy.PolicyType}): ${fate}`);
        }
        if (owned) continue;
        s.findings.push(
          problem(
            `${planned.resourceId} already has a scalable target that stack ${owner} does not own: CloudFormation refuses to create one that exists. Deregister it first (aws application-autoscaling deregister-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id ${planned.resourceId}; its policies go with it), or let the stage adopt existing scaling`,
          ),
        );
      }
      if (owned) s.findings.push(note(`stack ${owner} exists: its targets and policies are updated in place`));
    }),
    await section("Leftovers of a deleted stack", async (s) => {
      const named = plan.fixedNames.filter(
        (r) => r.type === "AWS::DynamoDB::Table" || r.type === "AWS::Logs::LogGroup",
      );
      for (const r of named) {
        const exists =
          r.type === "AWS::DynamoDB::Table" ? await tableExists(dynamodb, r.name) : await logGroupExists(logs, r.name);
        if (!exists) {
          s.lines.push(`${r.name}: absent, the deploy creates it`);
          continue;
        }
        if (await stackExists(r.stack)) {
          s.lines.push(`${r.name}: exists, owned by stack ${r.stack}`);
          continue;
        }
        s.findings.push(
          problem(
            `${r.name} (${r.type}) is left from a deleted ${r.stack} and blocks creating it again: ${
              r.type === "AWS::DynamoDB::Table"
                ? `back it up if its episodes and audit matter (aws dynamodb create-backup --table-name ${r.name} --backup-name before-recreate), then aws dynamodb delete-table --table-name ${r.name}`
                : `aws logs delete-log-group --log-group-name ${r.name}`
            }`,
          ),
        );
      }
      if (named.length === 0) s.lines.push("the templates name no table or log group");
    }),
    await section("Kill switch", async (s) => {
      const name = plan.killSwitchParameter;
      if (!name) {
        s.lines.push("no function reads a kill switch");
        return;
      }
      try {
        const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name }));
        const paused = Parameter?.Value?.trim().toLowerCase() === "true";
        s.lines.push(`${name} = "${Parameter?.Value}": automatic actions ${paused ? "PAUSED" : "run"}`);
      } catch (error) {
        if (!(error instanceof ParameterNotFound)) throw error;
        s.lines.push(`${name} does not exist: automatic actions run (create it with "true" to pause)`);
      }
    }),
  ];
}

async function secretState(ssm: SSMClient, [own, fallback]: [string, string]) {
  for (const [name, label] of [
    [own, "set"],
    [fallback, "set (app-wide fallback)"],
  ] as const) {
    try {
      await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      return label;
    } catch (error) {
      if (!(error instanceof ParameterNotFound)) throw error;
    }
  }
  return "not set";
}

/** `app/<name>/<id>` is the end of the load balancer's ARN. */
async function loadBalancer(elb: ElasticLoadBalancingV2Client, fullName: string, lines: string[]) {
  const name = fullName.split("/")[1] ?? fullName;
  try {
    const { LoadBalancers = [] } = await elb.send(new DescribeLoadBalancersCommand({ Names: [name] }));
    const arn = LoadBalancers[0]?.LoadBalancerArn ?? "";
    if (arn.endsWith(`:loadbalancer/${fullName}`)) {
      lines.push(`load balancer ${fullName}: exists`);
      return [];
    }
    return [problem(`load balancer ${name} exists as ${arn.split(":loadbalancer/")[1]}, not ${fullName}`)];
  } catch (error) {
    if (error instanceof Error && error.name === "LoadBalancerNotFoundException") {
      return [problem(`load balancer ${name} does not exist`)];
    }
    throw error;
  }
}

async function targetGroup(elb: ElasticLoadBalancingV2Client, fullName: string, lines: string[]) {
  const name = fullName.split("/")[1] ?? fullName;
  try {
    const { TargetGroups = [] } = await elb.send(new DescribeTargetGroupsCommand({ Names: [name] }));
    const arn = TargetGroups[0]?.TargetGroupArn ?? "";
    if (arn.endsWith(`:${fullName}`)) {
      lines.push(`target group ${fullName}: exists`);
      return [];
    }
    return [problem(`target group ${name} exists as ${arn.split(":").at(-1)}, not ${fullName}`)];
  } catch (error) {
    if (error instanceof Error && error.name === "TargetGroupNotFoundException") {
      return [problem(`target group ${name} does not exist`)];
    }
    throw error;
  }
}

async function tableExists(dynamodb: DynamoDBClient, name: string) {
  try {
    await dynamodb.send(new DescribeTableCommand({ TableName: name }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

async function logGroupExists(logs: CloudWatchLogsClient, name: string) {
  const { logGroups = [] } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  return logGroups.some((g) => g.logGroupName === name);
}
