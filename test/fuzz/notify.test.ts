import { handler } from "../../functions/notify.js";
import { fuzzAlarmReaction } from "./alarm-reactions.js";

fuzzAlarmReaction({ functionName: "notify", handler, action: "notify", acting: "cloudwatch/cpu-critical.alarm" });
