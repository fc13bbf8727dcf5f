/**
 * The event rules exactly as the stacks deploy them, read from the synthesized templates: pattern, bus and
 * the function each targets. One source of truth for local replay and simulation.
 */
import type { CfnElement } from "aws-cdk-lib";
import { Function as SstFunction } from "sst/constructs";
import { matches, type Pattern } from "./event-pattern.js";
import type { Synthesized } from "./synth.js";

export interface DeployedRule {
  name: string;
  bus: string;
  /** The event pattern; undefined for a scheduled rule. */
  pattern?: Pattern;
  /** A scheduled rule's `rate(...)` or `cron(...)` expression. */
  schedule?: string;
  /** Function names (files under functions/) the rule invokes. */
  functions: string[];
  /** SQS queues the rule sends to, by the queue's logical id in its stack (e.g. `InvoiceQueue885C6B83`). */
  queues: string[];
}

type Resource = { Type: string; Properties: Record<string, unknown> };

export function deployedRules(app: Synthesized): DeployedRule[] {
  const rules: DeployedRule[] = [];
  for (const { stack, template } of app.stacks) {
    const resources = (template.Resources ?? {}) as Record<string, Resource>;
    // Before bundling, a function's Handler property is a placeholder: read the handler from the construct.
    const handlers = new Map<string, string>();
    for (const child of stack.node.findAll()) {
      if (!(child instanceof SstFunction)) continue;
      const handler = (child as unknown as { props: { handler?: string } }).props.handler;
      if (handler) handlers.set(stack.getLogicalId(child.node.defaultChild as CfnElement), handler);
    }
    for (const [id, resource] of Object.entries(resources)) {
      if (resource.Type !== "AWS::Events::Rule") continue;
      const props = resource.Properties;
      // A rule either matches events or runs on a schedule (Cron); anything else is not ours to simulate.
      if (!props.EventPattern && typeof props.ScheduleExpression !== "string") continue;
      const targets = (props.Targets ?? []) as { Arn: unknown }[];
      rules.push({
        name: typeof props.Name === "string" ? props.Name : id,
        // No bus named: the default bus (scheduled rules live there); a token: the app's own bus.
        bus:
          props.EventBusName === undefined
            ? "default"
            : typeof props.EventBusName === "string"
              ? props.EventBusName
              : "app",
        ...(props.EventPattern !== undefined && { pattern: props.EventPattern as Pattern }),
        ...(typeof props.ScheduleExpression === "string" && { schedule: props.ScheduleExpression }),
        functions: targets.flatMap((target) => {
          const ref = (target.Arn as { "Fn::GetAtt"?: [string, string] })["Fn::GetAtt"]?.[0];
          const handler = ref ? handlers.get(ref) : undefined;
          const match = handler && /^functions\/([\w-]+)\.handler$/.exec(handler);
          return match?.[1] ? [match[1]] : [];
        }),
        queues: targets.flatMap((target) => {
          const ref = (target.Arn as { "Fn::GetAtt"?: [string, string] })["Fn::GetAtt"]?.[0];
          return ref && resources[ref]?.Type === "AWS::SQS::Queue" ? [ref] : [];
        }),
      });
    }
  }
  return rules;
}

/**
 * The rules on `bus` whose pattern matches `event` (scheduled rules match no event).
 */
export function routedBy(rules: readonly DeployedRule[], bus: string, event: unknown): DeployedRule[] {
  return rules.filter((rule) => rule.bus === bus && rule.pattern !== undefined && matches(rule.pattern, event));
}
