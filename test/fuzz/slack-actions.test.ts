import fc from "fast-check";
import { expect, it } from "vitest";
import { InvalidEventError } from "../../core/kernel/errors.js";
import { SLACK_REJECTION_STATUS } from "../../core/slack-actions/errors.js";
import { FunctionUrlEventSchema } from "../../events/index.js";
import { handler } from "../../functions/slack-actions.js";
import { signedSlackEvent, slackSignedHeaders } from "../../scripts/lib/sign-slack.js";
import { SAMPLE_SLACK_SIGNING_SECRET } from "../../sim/local/world.js";
import { fixture } from "../support/fixtures.js";
import {
  anyJson,
  describeFuzz,
  expectNothingApplied,
  expectThrew,
  FUZZ_TIMEOUT,
  fuzz,
  install,
  mutated,
  NOW,
  oddString,
} from "./harness.js";

const REQUESTS = [
  "pause-automation.signed",
  "resume.signed",
  "not-allowed.signed",
  "acknowledge.signed",
  "pause-automation.tampered",
].map((name) => fixture(`slack/${name}`));
const PAYLOADS = ["pause-automation", "resume", "not-allowed"].map((name) => fixture(`slack/payloads/${name}`));

/** Bodies signed with the sample secret, so they get past the signature: mutated payloads, random form text. */
const resigned = fc.oneof(
  mutated(...PAYLOADS).map((payload) => signedSlackEvent(payload, SAMPLE_SLACK_SIGNING_SECRET, NOW) as unknown),
  oddString.map((body) => {
    const event = structuredClone(REQUESTS[0]) as Record<string, any>;
    event.headers = { ...event.headers, ...slackSignedHeaders(body, SAMPLE_SLACK_SIGNING_SECRET, NOW) };
    event.body = Buffer.from(body).toString("base64");
    return event as unknown;
  }),
);

describeFuzz({ functionName: "slack-actions", handler }, (run) => {
  it("counts what a signed click does (the test stage allows nobody: one ephemeral refusal)", async () => {
    const counting = install();
    expect(await run(REQUESTS[0])).toMatchObject({ ok: true, value: { statusCode: 200 } });
    expect(counting.tally.executed).toEqual({ "slack.respond": 1 });
  });

  it(
    "throws InvalidEventError for anything that is not a Function URL request, doing nothing",
    async () => {
      const malformed = fc
        .oneof(anyJson, mutated(...REQUESTS))
        .filter((input) => !FunctionUrlEventSchema.safeParse(input).success);
      await fuzz(malformed, async (event) => {
        const counting = install();
        expectThrew(await run(event), InvalidEventError);
        expectNothingApplied(counting);
      });
    },
    FUZZ_TIMEOUT,
  );

  it(
    "answers 200 or a 4xx with the reason, and a 4xx does nothing; nobody allowed never touches the kill switch",
    async () => {
      const requests = fc
        .oneof(mutated(...REQUESTS), resigned)
        .filter((input) => FunctionUrlEventSchema.safeParse(input).success);
      await fuzz(requests, async (event) => {
        const counting = install();
        const outcome = await run(event);
        if (!outcome.ok) throw outcome.error;
        const { statusCode, body } = outcome.value as { statusCode: number; body: string };
        expect(counting.tally.executed["ssm.PutParameter"]).toBeUndefined();
        if (statusCode === 200) return;
        const answer = JSON.parse(body) as { error: keyof typeof SLACK_REJECTION_STATUS; message: string };
        expect(statusCode).toBe(SLACK_REJECTION_STATUS[answer.error]);
        expect(answer.message).toMatch(/\S/);
        expectNothingApplied(counting);
      });
    },
    FUZZ_TIMEOUT,
  );
});
