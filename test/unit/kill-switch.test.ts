import { describe, expect, it } from "vitest";
import { activePause, killSwitchValue, parseKillSwitchValue, pauseReason } from "../../core/scaling/kill-switch.js";

const NOW = new Date("2026-12-01T03:00:00.000Z");

describe("the kill switch's value", () => {
  it.each([
    ["true", true],
    [" TRUE\n", true],
    ["false", false],
    ["", false],
    [undefined, false],
    ["paused", false],
  ])("reads %j as %j", (value, expected) => {
    expect(parseKillSwitchValue(value)).toBe(expected);
  });

  it("reads a pause with who and until when, normalising the instant", () => {
    expect(parseKillSwitchValue('{"by":"U123","until":"2026-12-01T05:00:00+01:00"}')).toEqual({
      by: "U123",
      until: "2026-12-01T04:00:00.000Z",
    });
  });

  it.each(['{"by":', '{"until":"next tuesday"}', '{"by":42}', '{"by":""}'])(
    "pauses until resumed on a broken pause %j: a brake is not released by a typo",
    (value) => {
      expect(parseKillSwitchValue(value)).toBe(true);
    },
  );

  it("round-trips a pause through the value the Slack button writes", () => {
    const pause = { by: "U123", until: "2026-12-01T04:00:00.000Z" };
    expect(parseKillSwitchValue(killSwitchValue(pause))).toEqual(pause);
    expect(parseKillSwitchValue(killSwitchValue({ by: "U123" }))).toEqual({ by: "U123" });
  });
});

describe("the pause in force", () => {
  it("is none when running, indefinite on true, and ends at its expiry", () => {
    expect(activePause(false, NOW)).toBeUndefined();
    expect(activePause(true, NOW)).toEqual({});
    expect(activePause({ by: "U1", until: "2026-12-01T03:00:00.001Z" }, NOW)).toEqual({
      by: "U1",
      until: "2026-12-01T03:00:00.001Z",
    });
    expect(activePause({ by: "U1", until: "2026-12-01T03:00:00.000Z" }, NOW)).toBeUndefined();
  });

  it("names who paused and until when", () => {
    expect(pauseReason({ by: "U1", until: "2026-12-01T04:00:00.000Z" })).toBe(
      "the kill switch is on: automatic actions are paused by U1 until 2026-12-01T04:00:00.000Z",
    );
    expect(pauseReason({})).toBe("the kill switch is on: automatic actions are paused until resumed");
  });
});
