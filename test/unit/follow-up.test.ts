import { describe, expect, it } from "vitest";
import { FollowUpSchema, MAX_FOLLOW_UP_STEP } from "../../core/alarms/follow-up.js";
import { InvalidEventError } from "../../core/kernel/errors.js";
import { parseEvent } from "../../core/kernel/parse.js";
import { fixture } from "../support/fixtures.js";

const sample = () =>
  JSON.parse(fixture<{ Records: { body: string }[] }>("sqs/page-oncall.follow-up").Records[0]!.body) as Record<
    string,
    unknown
  >;
const parse = (message: unknown) => parseEvent(FollowUpSchema, message, "follow-up message");

describe("a follow-up message", () => {
  it("parses as its reaction sent it", () => {
    expect(parse(sample())).toMatchObject({ step: 1, alarmName: "hero365-prod-error-rate-high-backend" });
  });

  it("is refused with its step beyond any chain, whose due time could not be computed", () => {
    expect(() => parse({ ...sample(), step: MAX_FOLLOW_UP_STEP + 1 })).toThrow(InvalidEventError);
    expect(() => parse({ ...sample(), step: Number.MAX_SAFE_INTEGER })).toThrow(/step/);
  });

  it.each([
    ["another alarm's episode", "hero365-prod-cpu-high-backend#2026-11-27T14:21:09.845+0000"],
    ["no instant after the alarm name", "hero365-prod-error-rate-high-backend#\u0000"],
    ["no alarm name", "2026-11-27T14:21:09.845+0000"],
  ])("is refused with an episode key of %s, naming the field", (_what, episodeKey) => {
    expect(() => parse({ ...sample(), episodeKey })).toThrow(/episodeKey: expected <alarmName>#<ISO 8601 instant/);
  });
});
