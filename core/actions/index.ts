/**
 * The registry: every action a matrix row can name, and the background workers, each registered once. The
 * stacks create functions, rules, queues and IAM from it; the invoke CLI and the simulator find handlers in it.
 * A new action is one module beside these (docs/adding-a-row.md).
 */
import { INVOICE_SWEEP } from "./invoice-sweep.js";
import { INVOICE_WORKER } from "./invoice-worker.js";
import { NOTIFY } from "./notify.js";
import { OPTIMIZE_QUERY_ALERT } from "./optimize-query-alert.js";
import { PAGE_ONCALL } from "./page-oncall.js";
import { PLAN_UPGRADE_TICKET } from "./plan-upgrade-ticket.js";
import { SCALE_OUT } from "./scale-out.js";
import type { ActionSpec, FunctionSpec } from "./spec.js";

export type { ActionSpec, CodeRef, FunctionSpec, Permission, ReactionStack, ResourceRef } from "./spec.js";
export { handlerFile, handlerOf } from "./spec.js";

/** The actions by name, in the order the stacks create them. */
export const ACTIONS = {
  [NOTIFY.name]: NOTIFY,
  [SCALE_OUT.name]: SCALE_OUT,
  [PAGE_ONCALL.name]: PAGE_ONCALL,
  [PLAN_UPGRADE_TICKET.name]: PLAN_UPGRADE_TICKET,
  [OPTIMIZE_QUERY_ALERT.name]: OPTIMIZE_QUERY_ALERT,
} as const satisfies { [N in string]: ActionSpec<N> };

export type ActionName = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

/** The invoice background workers: not matrix reactions, but their IAM comes from this registry the same way. */
export const WORKERS = {
  [INVOICE_WORKER.functionName]: INVOICE_WORKER,
  [INVOICE_SWEEP.functionName]: INVOICE_SWEEP,
} as const satisfies Record<string, FunctionSpec>;

export type WorkerName = keyof typeof WORKERS;

/** Whether `name` is a registered action (a row's `action` read from outside the type system). */
export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(ACTIONS, name);
}

/** Every function the registry deploys: the actions' and the workers'. */
export const REGISTERED_FUNCTIONS: readonly FunctionSpec[] = [...Object.values(ACTIONS), ...Object.values(WORKERS)];

/** The functions of the actions that send themselves follow-ups, in registry order. */
export const FOLLOW_UP_FUNCTIONS = Object.values(ACTIONS)
  .filter((spec) => spec.followUps)
  .map((spec) => spec.functionName);

/**
 * The environment variable that tells another function (the reconciler) the URL of a follow-up queue.
 * @example followUpQueueEnv("scale-ecs") // "SCALE_ECS_FOLLOW_UP_QUEUE_URL"
 */
export function followUpQueueEnv(functionName: string): string {
  return `${functionName.toUpperCase().replaceAll("-", "_")}_FOLLOW_UP_QUEUE_URL`;
}
