/**
 * `npx tsx scripts/sign-webhook.ts <payload.json> [--secret whsec_...] [--at <ISO time>] [--id <webhook id>]`
 * Prints the Function URL event of a signed Supabase webhook carrying the payload, ready for
 * `npm run invoke -- supabase-webhook <file>`. Defaults: the sample secret and the default world's clock.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { functionUrlEvent } from "./lib/function-url-server.js";
import { signedHeaders } from "./lib/sign-webhook.js";
import { DEFAULT_WORLD, SAMPLE_WEBHOOK_SECRET } from "./lib/world.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { secret: { type: "string" }, at: { type: "string" }, id: { type: "string" } },
});
const [file] = positionals;
if (!file) {
  process.stderr.write("usage: npx tsx scripts/sign-webhook.ts <payload.json> [--secret s] [--at iso] [--id id]\n");
  process.exit(2);
}
const at = new Date(values.at ?? DEFAULT_WORLD.now);
// The database sends jsonb's text form; a compact re-serialization stands in for it.
const body = JSON.stringify(JSON.parse(await readFile(file, "utf8")));
const headers = signedHeaders(body, values.secret ?? SAMPLE_WEBHOOK_SECRET, { id: values.id, at });
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
