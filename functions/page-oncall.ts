import { planPageOncall } from "../core/paging/input.js";
import { reaction } from "./lib/reaction.js";
import { commonRuntime } from "./lib/runtimes.js";
import { alarm } from "./lib/sources/alarm.js";

/** `error-rate-high`, `lb-error-rate-high`: page with diagnostics on ALARM, again while it lasts, resolve on OK. */
export const handler = reaction("page-oncall", {
  runtime: commonRuntime,
  sources: [alarm(planPageOncall)],
});
