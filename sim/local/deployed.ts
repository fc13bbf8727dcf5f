/**
 * What a stage deploys that the simulator needs, read from its stacks synthesized offline: the event rules
 * (pattern, bus, the functions and queues each targets) and the alarms. `sim/deployed.ts` runs this file as a
 * child process (`tsx sim/local/deployed.ts <stage> <out.json>`) so that the CDK and SST constructs are never
 * loaded in the simulating process, and caches what it writes.
 */
import { writeFile } from "node:fs/promises";
import type { CfnElement } from "aws-cdk-lib";
import { Function as SstFunction } from "sst/constructs";
import type { Deployed } from "../deployed.js";
import { deployedAlarms } from "./alarms.js";
import type { Pattern } from "./event-pattern.js";
import type { DeployedRule } from "./rules.js";
import { type Synthesized, synthesize } from "./synth.js";

/** Synthesizes the stage (offline, no bundling) and reads its rules and alarms. */
export async function synthesizeDeployed(stage: string): Promise<Deployed> {
  const app = await synthesize(stage, { bundle: false });
  return { stage, rules: deployedRules(app), alarms: deployedAlarms(app) };
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

if (import.meta.filename === process.argv[1]) {
  const [stage, out] = process.argv.slice(2);
  if (!stage || !out) {
    process.stderr.write("usage: tsx sim/local/deployed.ts <stage> <out.json>\n");
    process.exit(2);
  }
  await writeFile(out, JSON.stringify(await synthesizeDeployed(stage)));
}
