import { readFileSync } from "node:fs";
import path from "node:path";
import { handler } from "../../functions/scale-ecs.js";
import { fixture } from "../support/fixtures.js";
import { fuzzAlarmReaction } from "./alarm-reactions.js";

const ALARM = "hero365-prod-cpu-high-backend";
const OPENED_AT = "2026-11-27T03:15:21.310+0000";
/** The next step of a scale-out episode that took its first step and whose alarm still fires. */
const followUp = {
  batch: {
    Records: fixture<{ Records: object[] }>("sqs/page-oncall.follow-up").Records.map((record) => ({
      ...record,
      body: JSON.stringify({
        kind: "hero365.follow-up",
        functionName: "scale-ecs",
        alarmName: ALARM,
        episodeKey: `${ALARM}#${OPENED_AT}`,
        step: 2,
        dueAt: "2026-11-27T03:20:21.310Z",
      }),
    })),
  },
  world: {
    ...JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../events/worlds/scaled-out.json"), "utf8")),
    alarms: { [ALARM]: { state: "ALARM", recentDatapoints: [88.5] } },
  },
};

fuzzAlarmReaction({
  functionName: "scale-ecs",
  handler,
  action: "scale-out",
  acting: "cloudwatch/cpu-high.alarm",
  followUp,
});
