/**
 * `npm run sign-slack -- <payload.json> [--secret <signing secret>] [--at <ISO time>]`
 * Prints the Function URL event of a Slack interaction carrying the payload (form-encoded `payload=`), signed
 * the way Slack signs it, ready for `npm run invoke -- slack-actions <file>`. Defaults: the sample signing
 * secret and the default world's clock.
 */
import "./lib/cli-guard.js";
import { DEFAULT_WORLD, SAMPLE_SLACK_SIGNING_SECRET } from "../sim/local/world.js";
import { runCommand, UsageError } from "./lib/cli.js";
import { parseAt, readJsonFile } from "./lib/cli-values.js";
import { signedSlackEvent } from "./lib/sign-slack.js";

await runCommand(
  {
    command: "npm run sign-slack",
    usage: "<payload.json> [--secret <signing secret>] [--at <ISO time>]",
    about:
      "Signs a Slack block_actions payload the way Slack does (v0, HMAC-SHA256 over v0:<timestamp>:<body>) and\n" +
      "prints the Lambda Function URL event that carries it, ready for `npm run invoke -- slack-actions`.",
    options: {
      secret: { type: "string", value: "<signing secret>", help: "the signing secret (default: the sample secret)" },
      at: { type: "string", value: "<ISO time>", help: "when it was sent (default: the default world's clock)" },
    },
    positionals: { names: ["<payload.json>"], required: 1 },
    stage: "this command reads no stage",
    examples: [
      {
        run: "npm run -s sign-slack -- events/slack/payloads/pause-automation.json > /tmp/click.json",
        does: "sign a sample click (-s keeps npm's banner out of the file)",
      },
      { run: "npm run invoke -- slack-actions /tmp/click.json", does: "then send it to the slack-actions handler" },
    ],
  },
  async ({ values, positionals: [file = ""] }) => {
    const at = parseAt(values.at, new Date(DEFAULT_WORLD.now));
    const secret = values.secret ?? SAMPLE_SLACK_SIGNING_SECRET;
    if (secret.trim() === "") throw new UsageError("--secret must not be empty");
    const event = signedSlackEvent(await readJsonFile(file), secret, at);
    process.stdout.write(`${JSON.stringify(event, null, 2)}\n`);
  },
);
