import { describe, expect, it } from "vitest";
import { slackSignature, verifySlackRequest } from "../../core/slack-actions/verify.js";

// The worked example of Slack's "Verifying requests from Slack" (api.slack.com/authentication/verifying-requests-from-slack).
const DOC = {
  secret: "8f742231b10e8888abcd99yyyzzz85a5",
  timestamp: "1531420618",
  body:
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar" +
    "&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com" +
    "%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
  signature: "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
};
const AT = new Date(Number(DOC.timestamp) * 1000);
const headers = (signature: string | undefined, timestamp: string | null = DOC.timestamp) => ({
  "x-slack-signature": signature,
  "x-slack-request-timestamp": timestamp ?? undefined,
});
const verify = (h: ReturnType<typeof headers>, body = DOC.body, now = AT) =>
  verifySlackRequest(h, body, { secret: DOC.secret, now });

describe("Slack request signing", () => {
  it("computes the signature of Slack's published example", () => {
    expect(slackSignature(DOC.secret, DOC.timestamp, DOC.body)).toBe(DOC.signature);
  });

  it("accepts Slack's example within 5 minutes of its timestamp, either side", () => {
    expect(verify(headers(DOC.signature))).toEqual({ signature: DOC.signature, timestamp: 1531420618 });
    expect(verify(headers(DOC.signature), DOC.body, new Date(AT.getTime() + 300_000)).timestamp).toBe(1531420618);
    expect(verify(headers(DOC.signature), DOC.body, new Date(AT.getTime() - 300_000)).timestamp).toBe(1531420618);
  });

  it.each([
    [
      "stale by a second past 5 minutes",
      headers(DOC.signature),
      DOC.body,
      new Date(AT.getTime() + 301_000),
      "5 minutes",
    ],
    ["from the future", headers(DOC.signature), DOC.body, new Date(AT.getTime() - 301_000), "5 minutes"],
    ["a changed body", headers(DOC.signature), DOC.body.replace("roadrunner", "coyote"), AT, "wrong signature"],
    ["another timestamp", headers(DOC.signature, "1531420619"), DOC.body, AT, "wrong signature"],
    ["no signature", headers(undefined), DOC.body, AT, "missing"],
    ["no timestamp", headers(DOC.signature, null), DOC.body, AT, "missing"],
    ["a timestamp that is not a number", headers(DOC.signature, "1531420618.5"), DOC.body, AT, "seconds"],
    ["another scheme", headers(DOC.signature.replace("v0=", "v1=")), DOC.body, AT, "v0="],
    ["upper-case hex", headers(DOC.signature.toUpperCase().replace("V0=", "v0=")), DOC.body, AT, "v0="],
    ["a short signature", headers(DOC.signature.slice(0, -2)), DOC.body, AT, "v0="],
  ])("refuses %s with 401", (_what, h, body, now, message) => {
    expect(() => verify(h, body, now)).toThrow(expect.objectContaining({ status: 401, code: "unauthorized" }));
    expect(() => verify(h, body, now)).toThrow(message);
  });
});
