/**
 * The event rules exactly as the stacks deploy them, read from the synthesized templates: pattern, bus and
 * the function each targets. One source of truth for local replay and simulation.
 */
import type { CfnElement } from "aws-cdk-lib";
import { Function as SstFunction } from "sst/constructs";
import type { Pattern } from "./event-pattern.js";
import type { Synthesized } from "./synth.js";

export interface DeployedRule {
  name: string;
  bus: string;
  pattern: Pattern;
  /** Function names (files under functions/) the rule invokes. */
  functions: string[];
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
      // Schedules (Cron) match no events.
      if (!props.EventPattern) continue;
      const targets = (props.Targets ?? []) as { Arn: unknown }[];
      rules.push({
        name: typeof props.Name === "string" ? props.Name : id,
        bus: typeof props.EventBusName === "string" ? props.EventBusName : "app",
        pattern: props.EventPattern as Pattern,
        functions: targets.flatMap((target) => {
          const ref = (target.Arn as { "Fn::GetAtt"?: [string, string] })["Fn::GetAtt"]?.[0];
          const handler = ref ? handlers.get(ref) : undefined;
          const match = handler && /^functions\/([\w-]+)\.handler$/.exec(handler);
          return match?.[1] ? [match[1]] : [];
        }),
      });
    }
  }
  return rules;
}
