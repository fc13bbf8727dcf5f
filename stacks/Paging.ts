import { type StackContext, use } from "sst/constructs";
import { Core } from "./Core.js";
import { alarmReaction } from "./lib/alarm-reaction.js";

/** The `error-rate-high` row: page on-call (on-call topic, PagerDuty) with diagnostics, resolve on OK. */
export function Paging({ stack, app }: StackContext) {
  const core = use(Core);
  const pageOncall = alarmReaction(stack, {
    stage: app.stage,
    core,
    action: "page-oncall",
    // Slack's retry-after waits, PagerDuty's backoff and the diagnostics queries, each bounded, fit in a minute.
    props: { timeout: 60 },
  });
  return { pageOncall };
}
