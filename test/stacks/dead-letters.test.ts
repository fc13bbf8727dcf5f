/**
 * The stage's one dead-letter queue (DESIGN.md §4.8: every async target has a DLQ, and every DLQ has an alarm),
 * over every stack of a named stage, another named stage and a personal one: one queue and one alarm, in Core;
 * every rule target, failure destination and redrive policy names it; EventBridge may send to it for the
 * stage's own rules only.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { stageConfig } from "../../core/config/index.js";
import type { StackTemplate } from "../../scripts/lib/doctor/plan.js";
import { deadLettersArn, isDeadLettersArn } from "../support/dead-letters.js";
import { synthesized } from "../support/synth.js";

const STAGES = ["prod", "dev", "alice"] as const;
type Resource = { Type: string; Properties: Record<string, any> };
const templates: Record<string, StackTemplate[]> = {};

beforeAll(async () => {
  for (const stage of STAGES) templates[stage] = (await synthesized(stage, { bundle: false })).stacks;
}, 180_000);

const resourcesOf = (stage: string, type: string) =>
  (templates[stage] ?? []).flatMap(({ name, template }) =>
    Object.entries(template.Resources as Record<string, Resource>)
      .filter(([, r]) => r.Type === type)
      .map(([id, r]) => ({ stack: name.replace(`${stage}-hero365-scaling-`, ""), id, ...r })),
  );

/** The dead-letter queue as its own stack names it, or as any other stack does. */
const namesDeadLetters = (stage: string, value: unknown) => {
  const [queue] = resourcesOf(stage, "AWS::SQS::Queue").filter((q) => q.stack === "Core");
  return isDeadLettersArn(value) || JSON.stringify(value) === JSON.stringify({ "Fn::GetAtt": [queue?.id, "Arn"] });
};

/** `Fn::Join` of strings and the partition, as AWS resolves it in the aws partition. */
const resolved = (value: unknown): unknown => {
  const join = (value as { "Fn::Join"?: [string, unknown[]] })["Fn::Join"];
  if (!join) return value;
  return join[1].map((part) => (typeof part === "string" ? part : part && "aws")).join(join[0]);
};

describe.each(STAGES)("stage %s: one dead-letter queue", (stage) => {
  it("is the stage's only dead-letter queue: in Core, named for the stage, 14 days, SSE, big enough for any message", () => {
    const queues = resourcesOf(stage, "AWS::SQS::Queue");
    const core = queues.filter((q) => q.stack === "Core");
    expect(core).toHaveLength(1);
    expect(core[0]?.Properties).toEqual({
      QueueName: `hero365-${stage}-dead-letters`,
      MessageRetentionPeriod: 14 * 86_400,
      SqsManagedSseEnabled: true,
      MaximumMessageSize: 1024 * 1024,
    });
    // Every other queue is consumed by a function, and redrives to it.
    const consumed = resourcesOf(stage, "AWS::Lambda::EventSourceMapping").map((m) =>
      JSON.stringify(m.Properties.EventSourceArn),
    );
    for (const queue of queues.filter((q) => q.stack !== "Core")) {
      expect(consumed, queue.id).toContainEqual(JSON.stringify({ "Fn::GetAtt": [queue.id, "Arn"] }));
      expect(queue.Properties.RedrivePolicy?.deadLetterTargetArn, queue.id).toEqual(deadLettersArn());
    }
  });

  it("has one alarm, to the alerts topic, on its first message, saying how to find the source and redrive", () => {
    const alarms = resourcesOf(stage, "AWS::CloudWatch::Alarm");
    const [queue] = resourcesOf(stage, "AWS::SQS::Queue").filter((q) => q.stack === "Core");
    const watching = alarms.filter((a) => JSON.stringify(a.Properties.Dimensions ?? []).includes(String(queue?.id)));
    expect(watching).toHaveLength(1);
    const alarm = watching[0]!;
    expect(alarm.stack).toBe("Core");
    expect(alarm.Properties).toMatchObject({
      AlarmName: `hero365-${stage}-dead-letters`,
      Namespace: "AWS/SQS",
      MetricName: "ApproximateNumberOfMessagesVisible",
      Statistic: "Maximum",
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      AlarmActions: [{ Ref: expect.stringMatching(/^AlertsTopic/) }],
    });
    const description = JSON.stringify(alarm.Properties.AlarmDescription);
    for (const clue of ["receive-message", "RULE_ARN", "requestContext.functionArn", "DeadLetterQueueSourceArn"]) {
      expect(description).toContain(clue);
    }
    expect(description).toContain("docs/dead-letters.md");
  });

  it("leaves no per-function dead-letter queue nor its alarm in any stack", () => {
    const names = resourcesOf(stage, "AWS::CloudWatch::Alarm").map((a) => String(a.Properties.AlarmName));
    expect(names.filter((n) => /-dlq-/.test(n))).toEqual([]);
    const sqsAlarms = resourcesOf(stage, "AWS::CloudWatch::Alarm").filter((a) => a.Properties.Namespace === "AWS/SQS");
    // The ingest's fallback queue keeps its own: a consumed queue, whose first message is the early sign of an
    // EventBridge outage.
    expect(sqsAlarms.map((a) => a.Properties.AlarmName).sort()).toEqual(
      [`hero365-${stage}-dead-letters`, `hero365-${stage}-supabase-webhook-fallback`].sort(),
    );
  });

  it("catches every rule target's failed deliveries", () => {
    const targets = resourcesOf(stage, "AWS::Events::Rule").flatMap((r) =>
      (r.Properties.Targets as any[]).map((t) => ({ rule: r.id, ...t })),
    );
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect(target.DeadLetterConfig?.Arn, target.rule).toEqual(deadLettersArn());
  });

  it("catches every function's failed asynchronous invocations", () => {
    const configs = resourcesOf(stage, "AWS::Lambda::EventInvokeConfig");
    const functions = resourcesOf(stage, "AWS::Lambda::Function").filter((f) => f.Properties.Description);
    const invokedByRules = new Set(
      resourcesOf(stage, "AWS::Events::Rule").flatMap((r) =>
        (r.Properties.Targets as any[]).map((t) => t.Arn?.["Fn::GetAtt"]?.[0]).filter(Boolean),
      ),
    );
    for (const fn of functions.filter((f) => invokedByRules.has(f.id))) {
      const config = configs.find((c) => c.stack === fn.stack && c.Properties.FunctionName?.Ref === fn.id);
      expect(config?.Properties.DestinationConfig?.OnFailure?.Destination, fn.id).toEqual(deadLettersArn());
    }
    for (const config of configs) {
      expect(namesDeadLetters(stage, config.Properties.DestinationConfig?.OnFailure?.Destination), config.id).toBe(
        true,
      );
    }
  });

  it("lets EventBridge send for the stage's rules in this account only, and every rule of the stage is one", () => {
    const { region } = stageConfig(stage);
    const [queue] = resourcesOf(stage, "AWS::SQS::Queue").filter((q) => q.stack === "Core");
    const policies = resourcesOf(stage, "AWS::SQS::QueuePolicy").filter((p) =>
      JSON.stringify(p.Properties.Queues).includes(String(queue?.id)),
    );
    expect(policies).toHaveLength(1);
    const allows = (policies[0]!.Properties.PolicyDocument.Statement as any[]).filter((s) => s.Effect === "Allow");
    expect(allows).toHaveLength(1);
    const allow = allows[0];
    expect(allow).toMatchObject({
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: { "Fn::GetAtt": [queue?.id, "Arn"] },
    });
    const account = allow.Condition.StringEquals["aws:SourceAccount"];
    expect(account).toEqual(expect.any(String));
    const prefix = `${stage}-hero365-scaling-`;
    expect(resolved(allow.Condition.ArnLike["aws:SourceArn"])).toBe(
      `arn:aws:events:${region}:${account}:rule/${prefix}*`,
    );

    // A rule on the default bus is `rule/<name>`; one on the app bus `rule/<bus name>/<name>`.
    const [appBus] = resourcesOf(stage, "AWS::Events::EventBus");
    expect(appBus?.Properties.Name).toMatch(new RegExp(`^${prefix}`));
    for (const rule of resourcesOf(stage, "AWS::Events::Rule")) {
      const bus = rule.Properties.EventBusName;
      if (bus === undefined || bus === "default")
        expect(rule.Properties.Name, rule.id).toMatch(new RegExp(`^${prefix}`));
      else expect(JSON.stringify(bus), rule.id).toMatch(/AppBus/);
    }
  });

  it("is written to by no other stack's queue policy (the queue is imported there by its ARN)", () => {
    const others = resourcesOf(stage, "AWS::SQS::QueuePolicy").filter((p) => p.stack !== "Core");
    for (const policy of others) expect(JSON.stringify(policy.Properties)).not.toMatch(/DeadLetters/);
  });
});
