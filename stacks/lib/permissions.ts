import type { Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Permission, ResourceRef } from "../../core/actions.js";

/** Turns an action's declared permissions into policy statements on the resources the stacks created. */
export function policyStatements(
  stack: Stack,
  permissions: readonly Permission[],
  resources: Partial<Record<ResourceRef, string[]>>,
): iam.PolicyStatement[] {
  return permissions.map((permission) => {
    const arns = permission.resources.flatMap((ref) => {
      if (ref === "any") return ["*"];
      const resolved = resources[ref];
      if (!resolved?.length) throw new Error(`stack ${stack.stackName}: no ARN for resource "${ref}"`);
      return resolved;
    });
    return new iam.PolicyStatement({ actions: [...permission.actions], resources: arns });
  });
}
