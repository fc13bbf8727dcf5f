import { createHmac } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type CliResult, runScript } from "../support/cli.js";
import { fixture, fixturePath } from "../support/fixtures.js";

const COMMAND = "npm run sign-slack";

function expectUsageError(run: CliResult, problem: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(run.stderr.startsWith(`${COMMAND}: `)).toBe(true);
  expect(run.stderr).toMatch(problem);
}

describe("npm run sign-slack", () => {
  it("prints a Function URL event whose signature a second implementation (HMAC by hand) accepts", async () => {
    const run = await runScript("sign-slack.ts", [fixturePath("slack/payloads/resume"), "--secret", "s3cret"]);

    expect(run.code).toBe(0);
    const event = JSON.parse(run.stdout);
    const body = Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8").toString("utf8");
    const ts = event.headers["x-slack-request-timestamp"];
    const byHand = `v0=${createHmac("sha256", "s3cret").update(`v0:${ts}:${body}`).digest("hex")}`;
    expect(event.headers["x-slack-signature"]).toBe(byHand);
    expect(ts).toBe(String(Date.parse("2026-11-27T03:20:00.000Z") / 1000));
    expect(JSON.parse(new URLSearchParams(body).get("payload") ?? "")).toEqual(fixture("slack/payloads/resume"));
  }, 60_000);

  it("signs the committed samples as the committed files say", async () => {
    const run = await runScript("sign-slack.ts", [fixturePath("slack/payloads/pause-automation")]);
    const event = JSON.parse(run.stdout);
    const sample = fixture<any>("slack/pause-automation.signed");
    expect(event.headers).toEqual(sample.headers);
    expect(event.body).toBe(sample.body);
  }, 60_000);

  it.each([
    ["no payload", [], /missing <payload\.json>/],
    ["a payload that is not there", ["none.json"], /cannot read none\.json \(ENOENT\)/],
    ["a time that is not one", [fixturePath("slack/payloads/resume"), "--at", "soon"], /--at "soon" is not a time/],
    ["an empty secret", [fixturePath("slack/payloads/resume"), "--secret", " "], /--secret must not be empty/],
  ])(
    "refuses %s with one line and exit 2",
    async (_what, args, problem) => {
      expectUsageError(await runScript("sign-slack.ts", args as string[]), problem as RegExp);
    },
    60_000,
  );

  it("names the file that is not JSON", async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), "hero365-sign-slack-")), "payload.json");
    await writeFile(file, "{ not json");
    expectUsageError(await runScript("sign-slack.ts", [file]), /payload\.json is not valid JSON/);
  }, 60_000);
});
