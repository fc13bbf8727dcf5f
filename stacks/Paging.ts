import { type StackContext, use } from "sst/constructs";
import { Core } from "./Core.js";
import { actionReactions } from "./lib/alarm-reaction.js";

/**
 * The reactions registered for this stack: `page-oncall` for the `error-rate-high` and `lb-error-rate-high`
 * rows, which pages on-call (on-call topic, PagerDuty) with diagnostics, pages again while the alarm lasts
 * (its own follow-up queue), and resolves on OK.
 */
export function Paging({ stack, app }: StackContext) {
  const core = use(Core);
  const reactions = actionReactions(stack, "Paging", { stage: app.stage, core });
  return { reactions };
}
