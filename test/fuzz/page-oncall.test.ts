import { handler } from "../../functions/page-oncall.js";
import { fuzzAlarmReaction } from "./alarm-reactions.js";

fuzzAlarmReaction({
  functionName: "page-oncall",
  handler,
  action: "page-oncall",
  acting: "cloudwatch/error-rate-high.alarm",
});
