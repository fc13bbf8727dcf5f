import type { Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Permission, ResourceRef } from "../../core/actions/spec.js";

/**
 * Turns an action's declared permissions into policy statements on the resources the stacks created. A
 * resource the stack does not name is a mistake (it throws); one it names with an empty list is a resource
 * the stage has none of (no log group configured, say), and its statement is left out.
 */
export function policyStatements(
  stack: Stack,
  permissions: readonly Permission[],
  resources: Partial<Record<ResourceRef, string[]>>,
): iam.PolicyStatement[] {
  return permissions.flatMap((permission) => {
    const arns = permission.resources.flatMap((ref) => {
      if (ref === "any") return ["*"];
      const resolved = resources[ref];
      if (!resolved) throw new Error(`stack ${stack.stackName}: no ARN for resource "${ref}"`);
      return resolved;
    });
    if (arns.length === 0) return [];
    return [new iam.PolicyStatement({ actions: [...permission.actions], resources: arns })];
  });
}
