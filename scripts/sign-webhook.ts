/**
 * `npm run sign-webhook -- <payload.json> [--secret whsec_...] [--at <ISO time>] [--id <webhook id>]`
 * Prints the Function URL event of a signed Supabase webhook carrying the payload, ready for
 * `npm run invoke -- supabase-webhook <file>`. Defaults: the sample secret and the default world's clock.
 */
import "./lib/cli-guard.js";
import { Webhook } from "standardwebhooks";
import { DEFAULT_WORLD, SAMPLE_WEBHOOK_SECRET } from "../sim/local/world.js";
import { runCommand, UsageError } from "./lib/cli.js";
import { parseAt, readJsonFile } from "./lib/cli-values.js";
import { functionUrlEvent } from "./lib/function-url-server.js";
import { signedHeaders } from "./lib/sign-webhook.js";

await runCommand(
  {
    command: "npm run sign-webhook",
    usage: "<payload.json> [--secret <whsec_...>] [--at <ISO time>] [--id <webhook id>]",
    about:
      "Signs a Supabase database webhook payload the way the database trigger does (Standard Webhooks) and\n" +
      "prints the Lambda Function URL event that carries it, ready for `npm run invoke -- supabase-webhook`.",
    options: {
      secret: { type: "string", value: "<whsec_...>", help: "the signing secret (default: the sample secret)" },
      at: { type: "string", value: "<ISO time>", help: "when it was sent (default: the default world's clock)" },
      id: { type: "string", value: "<webhook id>", help: "the webhook-id header (default: a fresh msg_ id)" },
    },
    positionals: { names: ["<payload.json>"], required: 1 },
    stage: "this command reads no stage",
    examples: [
      {
        run: "npm run -s sign-webhook -- events/supabase/invoices.update-finalized.json > /tmp/signed.json",
        does: "sign a sample payload (-s keeps npm's banner out of the file)",
      },
      { run: "npm run invoke -- supabase-webhook /tmp/signed.json", does: "then send it to the ingest handler" },
    ],
  },
  async ({ values, positionals: [file = ""] }) => {
    const at = parseAt(values.at, new Date(DEFAULT_WORLD.now));
    if (values.id !== undefined && !/^\S+$/.test(values.id)) {
      throw new UsageError(`--id "${values.id}" must be non-empty, without spaces`);
    }
    // The database sends jsonb's text form; a compact re-serialization stands in for it.
    const body = JSON.stringify(await readJsonFile(file));
    const secret = checkedSecret(values.secret ?? SAMPLE_WEBHOOK_SECRET);
    const headers = signedHeaders(body, secret, { id: values.id, at });
    const event = functionUrlEvent({
      method: "POST",
      target: "/",
      headers: { ...headers, "user-agent": "pg_net/0.14.0", host: "example.lambda-url.us-east-1.on.aws" },
      body: Buffer.from(body),
      sourceIp: "203.0.113.10",
      host: "example.lambda-url.us-east-1.on.aws",
      at,
    });
    process.stdout.write(`${JSON.stringify(event, null, 2)}\n`);
  },
);

function checkedSecret(secret: string): string {
  try {
    new Webhook(secret);
  } catch (cause) {
    // standardwebhooks rejects an empty or non-base64 secret in its constructor, with a plain Error.
    throw new UsageError(`--secret is not a Standard Webhooks secret (whsec_<base64>): ${(cause as Error).message}`, {
      cause,
    });
  }
  return secret;
}
