import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { type IngestContext, ingestWebhook } from "../../core/ingest/ingest.js";
import { TOLERANCE_SECONDS } from "../../core/ingest/verify.js";
import type { HttpRequest, HttpResponse } from "../../core/kernel/http.js";
import { signedHeaders } from "../../scripts/lib/sign-webhook.js";
import { fixture } from "../support/fixtures.js";

const KEY = "property-test-webhook-secret-32b";
const SECRET = `whsec_${Buffer.from(KEY).toString("base64")}`;
const NOW = new Date("2026-11-27T03:20:00Z");
const BODY = JSON.stringify(fixture("supabase/invoices.update-finalized"));

/** Runs one request; the property fails if it throws or if anything reached an executor. */
async function ingestNothingForwarded(request: HttpRequest): Promise<HttpResponse> {
  const put = vi.fn(async () => ({}));
  const send = vi.fn(async () => ({}));
  const ctx: IngestContext = {
    auth: "standard-webhooks",
    secret: async () => SECRET,
    now: () => NOW,
    dryRun: false,
    executors: { "events.PutEvents": put, "sqs.SendMessage": send },
  };
  const response = await ingestWebhook(request, ctx);
  expect(put).not.toHaveBeenCalled();
  expect(send).not.toHaveBeenCalled();
  return response;
}

const signed = (body = BODY, at = NOW, secret = SECRET) => ({
  method: "POST",
  headers: signedHeaders(body, secret, { at, id: "msg_property" }),
  body,
});

const headerValue = fc.oneof(fc.string(), fc.base64String(), fc.stringMatching(/^v1,[A-Za-z0-9+/=]{0,60}$/));
const webhookHeaders = fc.record(
  {
    "webhook-id": headerValue,
    "webhook-timestamp": fc.oneof(fc.string(), fc.integer().map(String), fc.constant(String(NOW.getTime() / 1000))),
    "webhook-signature": headerValue,
    "content-type": fc.constantFrom("application/json", "text/plain"),
  },
  { requiredKeys: [] },
);

describe("the ingest under hostile input (property-based)", () => {
  it("answers random bodies with random headers 401, never crashing, never forwarding", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json(), fc.constant(BODY)), webhookHeaders, async (body, headers) => {
        const response = await ingestNothingForwarded({ method: "POST", headers, body });
        expect(response.status).toBe(401);
      }),
      { numRuns: 300 },
    );
  });

  it("answers 401 to every strict prefix of a valid signature", async () => {
    const request = signed();
    const signature = request.headers["webhook-signature"];
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: signature.length - 1 }), async (length) => {
        const truncated = {
          ...request,
          headers: { ...request.headers, "webhook-signature": signature.slice(0, length) },
        };
        expect((await ingestNothingForwarded(truncated)).status).toBe(401);
      }),
    );
  });

  it("answers 401 to any reordering of a valid signature's characters that changes it", async () => {
    const request = signed();
    const base64 = request.headers["webhook-signature"].slice(3);
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray([...base64], { minLength: base64.length }), async (chars) => {
        const shuffled = chars.join("");
        fc.pre(shuffled !== base64);
        const tampered = { ...request, headers: { ...request.headers, "webhook-signature": `v1,${shuffled}` } };
        expect((await ingestNothingForwarded(tampered)).status).toBe(401);
      }),
    );
  });

  it("accepts a list of signatures in any order as long as the valid one is in it", async () => {
    const valid = signed().headers["webhook-signature"];
    const forged = fc.array(
      fc.base64String({ minLength: 44, maxLength: 44 }).map((s) => `v1,${s}`),
      { maxLength: 4 },
    );
    await fc.assert(
      fc.asyncProperty(forged, fc.boolean(), fc.nat(), async (others, withValid, position) => {
        fc.pre(!others.includes(valid));
        const list = [...others];
        if (withValid) list.splice(position % (list.length + 1), 0, valid);
        fc.pre(list.length > 0);
        const request = { ...signed(), headers: { ...signed().headers, "webhook-signature": list.join(" ") } };
        const ctx: IngestContext = {
          auth: "standard-webhooks",
          secret: async () => SECRET,
          now: () => NOW,
          dryRun: true,
          executors: {},
        };
        expect((await ingestWebhook(request, ctx)).status).toBe(withValid ? 202 : 401);
      }),
    );
  });

  it("answers 401 to a correctly signed request whose timestamp is more than 5 minutes away", async () => {
    const offset = fc.oneof(
      fc.integer({ min: TOLERANCE_SECONDS + 1, max: 10 * 365 * 86_400 }),
      fc.integer({ min: -10 * 365 * 86_400, max: -(TOLERANCE_SECONDS + 1) }),
    );
    await fc.assert(
      fc.asyncProperty(offset, async (seconds) => {
        const response = await ingestNothingForwarded(signed(BODY, new Date(NOW.getTime() + seconds * 1000)));
        expect(response.status).toBe(401);
      }),
    );
  });

  it("answers 401 to a request signed with any other secret", async () => {
    const otherKey = fc.uint8Array({ minLength: 1, maxLength: 64 }).filter((k) => Buffer.from(k).toString() !== KEY);
    await fc.assert(
      fc.asyncProperty(otherKey, async (key) => {
        const response = await ingestNothingForwarded(
          signed(BODY, NOW, `whsec_${Buffer.from(key).toString("base64")}`),
        );
        expect(response.status).toBe(401);
      }),
    );
  });

  it("answers 400 to correctly signed bodies that are not a webhook payload, and says which problem", async () => {
    const notAPayload = fc.oneof(
      fc.string().filter((s) => !isJson(s)),
      fc.json().filter((j) => !JSON.stringify(JSON.parse(j)).includes('"type":"')),
    );
    await fc.assert(
      fc.asyncProperty(notAPayload, async (body) => {
        const response = await ingestNothingForwarded(signed(body));
        expect(response.status).toBe(400);
        expect(response.body.error).toBe(isJson(body) ? "invalid-payload" : "invalid-json");
      }),
      { numRuns: 300 },
    );
  });

  it("answers 422 to correctly signed payloads of any table the pipeline does not consume", async () => {
    const table = fc.string({ minLength: 1 }).filter((t) => t !== "invoices");
    await fc.assert(
      fc.asyncProperty(table, async (name) => {
        const body = JSON.stringify({ ...fixture("supabase/invoices.insert"), table: name });
        expect((await ingestNothingForwarded(signed(body))).status).toBe(422);
      }),
    );
  });
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
