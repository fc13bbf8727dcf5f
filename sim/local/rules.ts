/**
 * The event rules exactly as the stacks deploy them (read from the synthesized templates by deployed.ts):
 * pattern, bus and the function each targets. One source of truth for local replay and simulation.
 */
import { matches, type Pattern } from "./event-pattern.js";

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

/**
 * The rules on `bus` whose pattern matches `event` (scheduled rules match no event).
 */
export function routedBy(rules: readonly DeployedRule[], bus: string, event: unknown): DeployedRule[] {
  return rules.filter((rule) => rule.bus === bus && rule.pattern !== undefined && matches(rule.pattern, event));
}
