/**
 * What an action is: one module under core/actions/ declares, in one place, its name, the function that hosts
 * it, the options a matrix row may give it, the IAM permissions it needs and the planner it calls. The stacks
 * create its function, rule, follow-up queue and IAM from that (its failures go to the stage's dead-letter
 * queue); the invoke CLI and the simulator find its handler from it. (Cloud Custodian keeps an action's schema, permissions and process in one class: STYLE.md §4.)
 */
import type * as z from "zod";

/** Symbolic resources a permission names; the stacks resolve each to the ARNs of the stage. */
export type ResourceRef =
  | "alertsTopic"
  | "onCallTopic"
  | "stateTable"
  | "ecsServices"
  | "ecsClusterContainerInstances"
  | "scalableTargets"
  | "killSwitchParameter"
  | "followUpQueue"
  /** Every alarm of the stage (or of the stage a personal stage shadows). */
  | "stageAlarms"
  /** The alarms of the matrix rows that name the action: all a reaction's freshness check reads. */
  | "rowAlarms"
  | "invoicePdfObjects"
  | "invoiceQueue"
  | "logGroups"
  | "appBus"
  | "ingestFallbackQueue"
  | "any";

export interface Permission {
  actions: readonly string[];
  resources: readonly ResourceRef[];
  /** Why `any` is needed, where it is: some read APIs cannot be scoped to a resource. */
  why?: string;
}

/** Where a core function lives, by path and export: an action cannot import its planner (the planner imports it). */
export interface CodeRef {
  /** Repository-relative, e.g. `core/scaling/decide.ts`. */
  file: string;
  export: string;
}

/** A function the stacks deploy for the registry: its file under functions/ and what it says it does. */
export interface FunctionSpec {
  /** The function (`functions/<functionName>.ts`, handler `handler`) that carries out the action. */
  functionName: string;
  description: string;
  permissions: readonly Permission[];
  /** The pure decision the handler calls. */
  planner: CodeRef;
}

/** The stacks that create alarm reactions (stacks/<name>.ts): where an action's function is deployed. */
export type ReactionStack = "Reactions" | "Scaling" | "Paging" | "SupabaseSignals";

/** A reaction a matrix row can name: its function reacts to the alarms of the rows that name it. */
export interface ActionSpec<Name extends string = string> extends FunctionSpec {
  name: Name;
  stack: ReactionStack;
  /**
   * The options a row naming this action may (or must) give, as the row's own fields, e.g. `{ scaleOut }`.
   * Rows are checked against it when the matrix loads; a strict object refuses options meant for another action.
   */
  options: z.ZodType;
  /**
   * The reaction sends itself delayed follow-ups (EventBridge fires once per state change): the stacks give it
   * a queue, consumed by the same function.
   */
  followUps: boolean;
  /** The function's timeout, where the default (30 s) is not enough. */
  timeoutSeconds?: number;
}

/** The file the function's code is in, repository-relative. */
export function handlerFile(spec: Pick<FunctionSpec, "functionName">): string {
  return `functions/${spec.functionName}.ts`;
}

/** The function's handler as the stacks name it (`<file without extension>.<export>`). */
export function handlerOf(spec: Pick<FunctionSpec, "functionName">): string {
  return `functions/${spec.functionName}.handler`;
}

/** Read and written by every reaction: episodes, step claims, closing marks. */
export const STATE_TABLE: Permission = {
  actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query"],
  resources: ["stateTable"],
};

/** GetMetricData has no resource-level permissions: IAM accepts only "*" for it. */
export const READ_METRICS: Permission = {
  actions: ["cloudwatch:GetMetricData"],
  resources: ["any"],
  why: "cloudwatch:GetMetricData does not support resource-level permissions",
};

/** The freshness check (DESIGN.md §4.9): a reaction reads the current state of its rows' alarms. */
export const READ_ROW_ALARMS: Permission = { actions: ["cloudwatch:DescribeAlarms"], resources: ["rowAlarms"] };
