import { OptimizeQueryRequestSchema } from "../../events/index.js";
import { handler } from "../../functions/optimize-query-alert.js";
import { fixture } from "../support/fixtures.js";
import { fuzzAlarmReaction } from "./alarm-reactions.js";

fuzzAlarmReaction({
  functionName: "optimize-query-alert",
  handler,
  action: "optimize-query-alert",
  acting: "cloudwatch/bandwidth-high.alarm",
  also: {
    schema: OptimizeQueryRequestSchema,
    samples: [fixture("manual/optimize-query.request")],
    fields: [["id"], ["time"], ["detail", "requestedBy"], ["detail", "note"], ["detail"]],
  },
});
