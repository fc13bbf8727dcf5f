/**
 * Who may post to the ingest: only a sender holding the webhook secret. Standard Webhooks signatures by default
 * (https://www.standardwebhooks.com/: HMAC-SHA256 over `id.timestamp.body`, 5-minute timestamp tolerance); a
 * stage may opt into a shared-secret header instead, for webhooks made in the Supabase dashboard, which can add
 * a header but cannot sign.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { ConfigurationError } from "../kernel/errors.js";
import type { WebhookAuth } from "./auth.js";
import { WebhookRejectedError } from "./errors.js";

export const TOLERANCE_SECONDS = 5 * 60;
export const SHARED_SECRET_HEADER = "x-hero365-webhook-secret";

const MESSAGE_ID = /^[\x21-\x7e]{1,256}$/;
const TIMESTAMP = /^\d{1,12}$/;
/** A header carrying more than a few signatures (key rotation) is not from our sender. */
const MAX_SIGNATURE_HEADER = 1024;

export interface Credentials {
  auth: WebhookAuth;
  secret: string;
  now: Date;
}

/**
 * Checks that the request comes from the holder of the secret and returns its message id (a random one in
 * shared-secret mode, where the sender gives none). Throws `WebhookRejectedError("unauthorized")` otherwise.
 * @example authenticate(headers, body, { auth: "standard-webhooks", secret: "whsec_...", now: new Date() }) // "msg_2f..."
 */
export function authenticate(
  headers: Readonly<Record<string, string | undefined>>,
  body: string,
  credentials: Credentials,
): string {
  return credentials.auth === "shared-secret"
    ? checkSharedSecret(headers, credentials.secret)
    : checkSignature(headers, body, credentials);
}

function checkSignature(headers: Readonly<Record<string, string | undefined>>, body: string, c: Credentials): string {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signatures = headers["webhook-signature"];
  if (!id || !timestamp || !signatures) {
    throw unauthorized("missing webhook-id, webhook-timestamp or webhook-signature header");
  }
  if (!MESSAGE_ID.test(id)) throw unauthorized("invalid webhook-id header");
  if (!TIMESTAMP.test(timestamp))
    throw unauthorized("invalid webhook-timestamp header: expected seconds since the epoch");
  const seconds = Number(timestamp);
  if (Math.abs(Math.floor(c.now.getTime() / 1000) - seconds) > TOLERANCE_SECONDS) {
    // Replay protection: a captured request is worthless after the tolerance.
    throw unauthorized(`webhook-timestamp is more than ${TOLERANCE_SECONDS / 60} minutes away from now`);
  }
  if (signatures.length > MAX_SIGNATURE_HEADER) throw unauthorized("webhook-signature header too long");
  // The library's verify() reads the wall clock; the runtime's clock is ours to give (local replay, tests), so the
  // timestamp is checked above and the library computes the signature for it.
  const expected = Buffer.from(webhookFor(c.secret).sign(id, new Date(seconds * 1000), body));
  // Several space-separated signatures are allowed, for key rotation.
  for (const candidate of signatures.split(" ")) {
    if (!candidate.startsWith("v1,")) continue;
    const given = Buffer.from(candidate);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return id;
  }
  throw unauthorized("no matching signature");
}

function checkSharedSecret(headers: Readonly<Record<string, string | undefined>>, secret: string): string {
  const given = headers[SHARED_SECRET_HEADER];
  if (!given) throw unauthorized(`missing ${SHARED_SECRET_HEADER} header`);
  // Hashing first makes both sides the same length, so the comparison leaks neither content nor length.
  if (!timingSafeEqual(sha256(given), sha256(secret))) throw unauthorized(`wrong ${SHARED_SECRET_HEADER} header`);
  return `ingest_${crypto.randomUUID()}`;
}

let cached: { secret: string; webhook: Webhook } | undefined;

/** Decoding the secret costs more than signing a small body: keep the last one. */
function webhookFor(secret: string): Webhook {
  if (cached?.secret === secret) return cached.webhook;
  let webhook: Webhook;
  try {
    webhook = new Webhook(secret);
  } catch (cause) {
    // The library's message never includes the secret; ours does not either.
    throw new ConfigurationError("SUPABASE_WEBHOOK_SECRET is not a Standard Webhooks secret (whsec_<base64 key>)", {
      cause,
    });
  }
  cached = { secret, webhook };
  return webhook;
}

function sha256(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

function unauthorized(message: string): WebhookRejectedError {
  return new WebhookRejectedError("unauthorized", message);
}
