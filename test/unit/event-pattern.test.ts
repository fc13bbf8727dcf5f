import { describe, expect, it } from "vitest";
import { matches } from "../../sim/local/event-pattern.js";

const event = {
  source: "aws.cloudwatch",
  "detail-type": "CloudWatch Alarm State Change",
  detail: {
    alarmName: "hero365-prod-cpu-high-backend",
    state: { value: "ALARM" },
    count: 7,
    tags: ["a", "b"],
  },
};

describe("EventBridge pattern matching", () => {
  it.each([
    ["exact", { source: ["aws.cloudwatch"] }, true],
    ["exact, other value", { source: ["aws.ecs"] }, false],
    ["prefix", { detail: { alarmName: [{ prefix: "hero365-prod-cpu-high-" }] } }, true],
    ["prefix of another stage", { detail: { alarmName: [{ prefix: "hero365-dev-" }] } }, false],
    ["suffix", { detail: { alarmName: [{ suffix: "-backend" }] } }, true],
    ["anything-but", { detail: { state: { value: [{ "anything-but": ["OK"] }] } } }, true],
    ["anything-but the value", { detail: { state: { value: [{ "anything-but": "ALARM" }] } } }, false],
    ["anything-but prefix", { detail: { alarmName: [{ "anything-but": { prefix: "hero365-" } }] } }, false],
    ["numeric range", { detail: { count: [{ numeric: [">", 5, "<=", 7] }] } }, true],
    ["numeric out of range", { detail: { count: [{ numeric: [">", 7] }] } }, false],
    ["exists", { detail: { alarmName: [{ exists: true }] } }, true],
    ["does not exist", { detail: { missing: [{ exists: false }] } }, true],
    ["exists, but missing", { detail: { missing: [{ exists: true }] } }, false],
    ["array values match any element", { detail: { tags: ["b"] } }, true],
    ["nested object on a scalar", { source: { nested: ["x"] } }, false],
    ["all fields must match", { source: ["aws.cloudwatch"], "detail-type": ["Other"] }, false],
    ["$or: one alternative matches", { detail: { $or: [{ count: [1] }, { state: { value: ["ALARM"] } }] } }, true],
    ["$or: no alternative matches", { detail: { $or: [{ count: [1] }, { state: { value: ["OK"] } }] } }, false],
    ["$or with the other fields", { source: ["aws.ecs"], detail: { $or: [{ count: [7] }] } }, false],
  ])("%s", (_name, pattern, expected) => {
    expect(matches(pattern as never, event)).toBe(expected);
  });
});
