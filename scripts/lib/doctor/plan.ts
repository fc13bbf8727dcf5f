/**
 * What a deploy of a stage creates or takes over, read from its synthesized templates (not from the config),
 * so it stays true whatever the stacks do with the config.
 */

// biome-ignore lint/suspicious/noExplicitAny: template properties are untyped JSON, read with defaults.
type Properties = Record<string, any>;
type Resource = { Type: string; Properties?: Properties; DeletionPolicy?: string };
export interface StackTemplate {
  name: string;
  template: Record<string, unknown>;
}

export interface DeployPlan {
  /** Existing ECS scaling these targets replace: AAS keeps one target per service (NOTES.md). */
  scalableTargets: { stack: string; resourceId: string; min: number; max: number }[];
  scalingPolicies: { stack: string; name: string; resourceId: string; metric: string; target: number }[];
  alarms: { stack: string; name: string }[];
  rules: { stack: string; id: string; bus: string; what: string }[];
  functions: { stack: string; id: string; description: string; secrets: string[] }[];
  queues: { stack: string; id: string; deadLetter: boolean }[];
  /** Resources with a fixed physical name: a leftover of a deleted stack with that name blocks the next create. */
  fixedNames: { stack: string; type: string; name: string; retained: boolean }[];
  /** Resources kept when their stack is deleted whose names CloudFormation generates: no block, but a bill. */
  retainedGenerated: { stack: string; type: string; id: string }[];
  /** SST's SSM prefix of the stage's secrets and the app name, from the functions' environment. */
  secretPaths?: { prefix: string; app: string };
  killSwitchParameter?: string;
}

const NAME_PROPERTY: Record<string, string> = {
  "AWS::DynamoDB::Table": "TableName",
  "AWS::Logs::LogGroup": "LogGroupName",
  "AWS::S3::Bucket": "BucketName",
  "AWS::SQS::Queue": "QueueName",
  "AWS::SNS::Topic": "TopicName",
  "AWS::SSM::Parameter": "Name",
};

/** CDK's logical ids end in an 8-character hash. */
export const constructId = (logicalId: string) => logicalId.replace(/[0-9A-F]{8}$/, "");

export function deployPlan(stacks: readonly StackTemplate[]): DeployPlan {
  const plan: DeployPlan = {
    scalableTargets: [],
    scalingPolicies: [],
    alarms: [],
    rules: [],
    functions: [],
    queues: [],
    fixedNames: [],
    retainedGenerated: [],
  };
  const deadLetters = deadLetterQueues(stacks);
  for (const { name: stack, template } of stacks) {
    const resources = (template.Resources ?? {}) as Record<string, Resource>;
    for (const [id, r] of Object.entries(resources)) {
      const p = r.Properties ?? {};
      switch (r.Type) {
        case "AWS::ApplicationAutoScaling::ScalableTarget":
          plan.scalableTargets.push({ stack, resourceId: p.ResourceId, min: p.MinCapacity, max: p.MaxCapacity });
          break;
        case "AWS::ApplicationAutoScaling::ScalingPolicy": {
          const target = resources[p.ScalingTargetId?.Ref]?.Properties?.ResourceId ?? p.ResourceId ?? "?";
          const tracking = p.TargetTrackingScalingPolicyConfiguration ?? {};
          plan.scalingPolicies.push({
            stack,
            name: p.PolicyName,
            resourceId: target,
            metric: tracking.PredefinedMetricSpecification?.PredefinedMetricType ?? p.PolicyType,
            target: tracking.TargetValue,
          });
          break;
        }
        case "AWS::CloudWatch::Alarm":
          plan.alarms.push({ stack, name: typeof p.AlarmName === "string" ? p.AlarmName : constructId(id) });
          break;
        case "AWS::Events::Rule":
          plan.rules.push({ stack, id: constructId(id), bus: busName(p.EventBusName), what: ruleSummary(p) });
          break;
        case "AWS::Lambda::Function": {
          const env = (p.Environment?.Variables ?? {}) as Record<string, unknown>;
          // SST's and aws-cdk-lib's own deploy-time helpers have no description; the app's functions all do.
          if (!p.Description) break;
          const secrets = Object.keys(env)
            .filter((k) => k.startsWith("SST_Secret_value_"))
            .map((k) => k.slice("SST_Secret_value_".length))
            .sort();
          plan.functions.push({ stack, id: constructId(id), description: p.Description, secrets });
          if (typeof env.SST_SSM_PREFIX === "string" && typeof env.SST_APP === "string") {
            plan.secretPaths = { prefix: env.SST_SSM_PREFIX, app: env.SST_APP };
          }
          if (typeof env.KILL_SWITCH_PARAMETER === "string") plan.killSwitchParameter = env.KILL_SWITCH_PARAMETER;
          break;
        }
        case "AWS::SQS::Queue":
          plan.queues.push({ stack, id: constructId(id), deadLetter: deadLetters.has(queueKey(stack, id)) });
          break;
      }
      const nameProperty = NAME_PROPERTY[r.Type];
      const fixed = nameProperty && p[nameProperty];
      if (typeof fixed === "string") {
        plan.fixedNames.push({ stack, type: r.Type, name: fixed, retained: r.DeletionPolicy === "Retain" });
      } else if (r.DeletionPolicy === "Retain") {
        plan.retainedGenerated.push({ stack, type: r.Type, id: constructId(id) });
      }
    }
  }
  return plan;
}

const queueKey = (stack: string, logicalId: string) => `${stack}/${logicalId}`;
const getAtt = (value: unknown) => (value as { "Fn::GetAtt"?: [string, string] })?.["Fn::GetAtt"]?.[0];

/**
 * The queues (`stack/logicalId`) some queue, rule target or function names as its dead-letter queue: in its own
 * stack by `Fn::GetAtt`, from another stack through the export of the queue's stack (the stage's one
 * dead-letter queue lives in Core and serves every stack).
 */
function deadLetterQueues(stacks: readonly StackTemplate[]): Set<string> {
  const exported = new Map<string, string>();
  for (const { name, template } of stacks) {
    const outputs = (template.Outputs ?? {}) as Record<string, { Value?: unknown; Export?: { Name?: unknown } }>;
    for (const output of Object.values(outputs)) {
      const id = getAtt(output.Value);
      if (id && typeof output.Export?.Name === "string") exported.set(output.Export.Name, queueKey(name, id));
    }
  }
  const found = new Set<string>();
  for (const { name, template } of stacks) {
    for (const r of Object.values((template.Resources ?? {}) as Record<string, Resource>)) {
      const p = r.Properties ?? {};
      const arns: unknown[] = [
        p.RedrivePolicy?.deadLetterTargetArn,
        ...((p.Targets ?? []) as { DeadLetterConfig?: { Arn: unknown } }[]).map((t) => t.DeadLetterConfig?.Arn),
        p.DestinationConfig?.OnFailure?.Destination,
      ];
      for (const arn of arns) {
        const local = getAtt(arn);
        const imported = (arn as { "Fn::ImportValue"?: unknown } | undefined)?.["Fn::ImportValue"];
        const key = local ? queueKey(name, local) : typeof imported === "string" ? exported.get(imported) : undefined;
        if (key) found.add(key);
      }
    }
  }
  return found;
}

function busName(bus: unknown): string {
  if (typeof bus === "string") return `${bus} bus`;
  if (bus === undefined) return "default bus";
  return JSON.stringify(bus).includes("AppBus") ? "app bus" : "imported bus";
}

/** The rule's description, else its schedule or the alarm-name prefixes it matches. */
function ruleSummary(p: Properties): string {
  if (p.Description) return p.Description;
  if (p.ScheduleExpression) return `schedule ${p.ScheduleExpression}`;
  const names = (p.EventPattern?.detail?.alarmName ?? []) as { prefix?: string }[];
  const prefixes = names.flatMap((n) => (n.prefix ? [`${n.prefix}*`] : []));
  return prefixes.length > 0 ? `state changes of ${prefixes.join(", ")}` : JSON.stringify(p.EventPattern ?? {});
}

/** Every bound secret and the functions that bind it. */
export function boundSecrets(plan: DeployPlan): Map<string, string[]> {
  const bound = new Map<string, string[]>();
  for (const fn of plan.functions) {
    for (const secret of fn.secrets) bound.set(secret, [...(bound.get(secret) ?? []), fn.id]);
  }
  return bound;
}
