import { handler } from "../../functions/plan-upgrade-ticket.js";
import { fuzzAlarmReaction } from "./alarm-reactions.js";

fuzzAlarmReaction({
  functionName: "plan-upgrade-ticket",
  handler,
  action: "plan-upgrade-ticket",
  acting: "cloudwatch/db-connections-high.alarm",
});
