import { handler } from "../../functions/scale-ecs.js";
import { fuzzAlarmReaction } from "./alarm-reactions.js";

fuzzAlarmReaction({ functionName: "scale-ecs", handler, action: "scale-out", acting: "cloudwatch/cpu-high.alarm" });
