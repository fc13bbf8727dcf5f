import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI_DEFAULT_STAGE } from "../../scripts/lib/cli.js";
import { SAMPLE_STAGE } from "../../sim/local/local-invoke.js";
import { type CliResult, ROOT, runScript } from "../support/cli.js";
import { fixture, fixturePath } from "../support/fixtures.js";

/** Every command, by the script runScript runs and the name its messages use. */
const COMMANDS = [
  ["cost.ts", "npm run cost"],
  ["synth.ts", "npm run synth"],
  ["start.ts", "npm start"],
  ["invoke.ts", "npm run invoke"],
  ["tier.ts", "npm run tier"],
  ["sign-webhook.ts", "npm run sign-webhook"],
  ["../bench/run.ts", "npm run bench"],
] as const;
const CRASHING = "../test/support/crashing-command.ts";

let dir: string;
let aFile: string;
let notJson: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "hero365-cli-"));
  aFile = path.join(dir, "a-file");
  await writeFile(aFile, "not a directory\n");
  notJson = path.join(dir, "payload.json");
  await writeFile(notJson, "{ not json");
});

/** A usage error as a person sees it: one line naming the problem, a pointer to --help, no trace, exit 2. */
function expectUsageError(run: CliResult, command: string, problem: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr.endsWith("\n")).toBe(true);
  expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(run.stderr.startsWith(`${command}: `)).toBe(true);
  expect(run.stderr).toMatch(problem);
  expect(run.stderr).toContain("more with --help");
  expect(run.stderr).not.toMatch(/\bat .*\.(ts|js):\d+|node:internal/);
}

describe("every command answers --help", () => {
  it.each(COMMANDS)("%s: usage, options, examples and the default stage on stdout, exit 0", async (script, command) => {
    const { code, stdout, stderr } = await runScript(script, ["--help"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout.startsWith(`usage: ${command}`)).toBe(true);
    expect(stdout).toContain("\noptions:\n");
    expect(stdout).toContain("  -h, --help  ");
    expect(stdout).toMatch(/\nexamples:\n {2}(npm|\S)/);
    expect(stdout).toContain(`\ndefault stage: ${CLI_DEFAULT_STAGE}, the same for every command: `);
    expect(stdout).toMatch(/exit codes: 0 done, .*2 usage error .*70 unexpected crash/);
  });

  it("-h is --help, and wins over a mistake elsewhere on the line", async () => {
    const { code, stdout } = await runScript("cost.ts", ["--tier", "Bogus", "-h"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: npm run cost -- /);
  });

  it("prod is the one default stage: the local tools' samples, every --help and a run without --stage agree", async () => {
    expect(CLI_DEFAULT_STAGE).toBe("prod");
    expect(SAMPLE_STAGE).toBe(CLI_DEFAULT_STAGE);
    const synth = await runScript("synth.ts", ["--help"]);
    expect(synth.stdout).toMatch(/--stage <stage> +the stage to synthesize \(default: prod\)/);
    const cost = await runScript("cost.ts", ["--help"]);
    expect(cost.stdout).toMatch(/--stage <stage> .*\(default: prod\)/);
  });
});

describe("usage errors are one line and exit 2", () => {
  it.each<[string, string, string[], RegExp]>([
    [
      "an unknown tier",
      "cost.ts",
      ["--tier", "Bogus"],
      /unknown tier "Bogus": one of startup, growth, scale, enterprise/,
    ],
    ["a missing --tier value", "cost.ts", ["--tier"], /--tier needs a value/],
    ["an option's value swallowed by the next option", "cost.ts", ["--tier", "--stage", "dev"], /--tier needs a value/],
    ["an unknown option", "cost.ts", ["--bogus"], /unknown option --bogus/],
    ["a stage name SST rejects", "cost.ts", ["--stage", "my_stage"], /--stage "my_stage" is not a stage name/],
    ["a count that is not one", "cost.ts", ["--invoices", "lots"], /--invoices expects a whole number, got "lots"/],
    ["a missing --stage value", "synth.ts", ["--stage"], /--stage needs a value/],
    ["an argument synth does not take", "synth.ts", ["prod"], /unexpected argument "prod"/],
    ["a missing scenario file", "start.ts", ["nope.json"], /cannot read scenario nope\.json/],
    [
      "a scenario with --samples",
      "start.ts",
      ["--samples", "x.json"],
      /--samples replays the samples: it takes no scenario/,
    ],
    ["a boolean given a value", "start.ts", ["--samples=yes"], /--samples takes no value/],
    ["an unknown option", "invoke.ts", ["notify", "e.json", "--stge", "dev"], /unknown option --stge/],
    ["a missing event file", "invoke.ts", ["notify", "events/none.json"], /event file not found: events\/none\.json/],
    [
      "a missing world file",
      "invoke.ts",
      ["notify", fixturePath("cloudwatch/cpu-critical.alarm"), "--world", "w.json"],
      /cannot read world file w\.json/,
    ],
    ["a missing --users value", "tier.ts", ["--users"], /--users needs a value/],
    ["no payload", "sign-webhook.ts", [], /missing <payload\.json>/],
    ["a payload that is not there", "sign-webhook.ts", ["none.json"], /cannot read none\.json \(ENOENT\)/],
    [
      "a time that is not one",
      "sign-webhook.ts",
      [fixturePath("supabase/invoices.delete"), "--at", "soon"],
      /--at "soon" is not a time/,
    ],
    [
      "a secret that is not one",
      "sign-webhook.ts",
      [fixturePath("supabase/invoices.delete"), "--secret", "abc"],
      /--secret is not a Standard Webhooks secret/,
    ],
    ["an unknown option", "../bench/run.ts", ["--quick"], /unknown option --quick/],
  ])("%s (%s %j)", async (_what, script, args, problem) => {
    const command = COMMANDS.find(([s]) => s === script)?.[1] ?? "";
    expectUsageError(await runScript(script, args), command, problem);
  });

  it("a payload that is not JSON names the file", async () => {
    expectUsageError(
      await runScript("sign-webhook.ts", [notJson]),
      "npm run sign-webhook",
      /payload\.json is not valid JSON/,
    );
  });

  it("npm start checks --out before simulating: a file, or a path through a file, is refused and left alone", async () => {
    for (const out of [aFile, path.join(aFile, "sub")]) {
      const run = await runScript("start.ts", ["--out", out]);
      expectUsageError(run, "npm start", /--out .*a-file.*: a file is in the way; name a directory/);
    }
    expect(await readFile(aFile, "utf8")).toBe("not a directory\n");
  });

  it("npm start refuses an --out whose report.html is not a file", async () => {
    const out = path.join(dir, "out");
    await mkdir(path.join(out, "report.html"), { recursive: true });
    expectUsageError(await runScript("start.ts", ["--out", out]), "npm start", /report\.html there is not a file/);
  });

  it("npm run synth checks --out before synthesizing", async () => {
    const run = await runScript("synth.ts", ["--out", aFile]);
    expectUsageError(run, "npm run synth", /--out .*a-file: a file is in the way/);
  });
});

describe("an unexpected crash is one line and a log holding the trace", () => {
  it.each([
    ["in the command's main function", {}, /reading 'tier'/, /\[cause\]: RangeError: Invalid time value/],
    ["while the command's modules load", { CRASH_AT: "load" }, /reading 'stage'/, /crashing-command\.ts:\d+/],
  ])("%s: exit 70, no trace on the terminal", async (_where, env, message, inLog) => {
    const { code, stdout, stderr } = await runScript(CRASHING, [], env);
    expect(code).toBe(70);
    expect(stdout).toBe("");
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/: unexpected TypeError: Cannot read properties of undefined/);
    expect(stderr).not.toMatch(/\n\s+at /);
    const log = /\(the trace is in (\S+\.log)\)\n$/.exec(stderr)?.[1];
    expect(log).toMatch(/^\.hero365\/logs\//);
    const trace = await readFile(path.resolve(ROOT, log ?? ""), "utf8");
    expect(trace).toMatch(/TypeError: Cannot read properties of undefined/);
    expect(trace).toMatch(/\n\s+at .*crashing-command\.ts:\d+/);
    expect(trace).toMatch(inLog);
  });
});

describe("tier names in any case", () => {
  it("npm run cost reads growth, Growth and GROWTH as the same tier, on the default stage", async () => {
    const runs = await Promise.all(["growth", "Growth", "GROWTH"].map((t) => runScript("cost.ts", ["--tier", t])));
    // Three synths of one checkout at once: each must keep its own SST out folder (sim/local/synth.ts).
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(runs[0]?.stdout).toMatch(/^Pipeline cost per month at the growth tier, stage prod /);
    expect(runs[1]?.stdout).toBe(runs[0]?.stdout);
    expect(runs[2]?.stdout).toBe(runs[0]?.stdout);
  }, 120_000);

  it("npm run cost -- --stage dev counts dev's alarms", async () => {
    const { code, stdout } = await runScript("cost.ts", ["--stage", "dev"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Pipeline cost per month at the enterprise tier, stage dev /);
    expect(stdout).toMatch(/CloudWatch +\d+ alarms of the pipeline itself/);
  }, 120_000);
});

describe("npm run sign-webhook", () => {
  it("signs a payload that the ingest handler then accepts", async () => {
    const signed = await runScript("sign-webhook.ts", [
      fixturePath("supabase/invoices.delete"),
      "--at",
      "2026-11-27T03:19:00Z",
      "--id",
      "msg_cli_test",
    ]);
    expect(signed.code).toBe(0);
    const event = JSON.parse(signed.stdout);
    expect(event.headers).toMatchObject({ "webhook-id": "msg_cli_test", "webhook-timestamp": "1795749540" });
    expect(JSON.parse(event.body)).toEqual(fixture("supabase/invoices.delete"));

    const file = path.join(dir, "signed.json");
    await writeFile(file, signed.stdout);
    const { code, json } = await runScript("invoke.ts", ["supabase-webhook", file]);
    expect(code).toBe(0);
    expect(json.result.statusCode).toBe(202);
  });
});

describe("npm run invoke's summary", () => {
  it("shows the collector's EMF metrics as an effect, not 'no effects'", async () => {
    const { code, json, stderr } = await runScript("invoke.ts", [
      "supabase-metrics",
      fixturePath("scheduled/supabase-metrics"),
    ]);
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /\n {2}effect metrics \(EMF\) Hero365\/Supabase ProjectRef=\S+: ConnectionUtilization [\d.]+ Percent, ActiveConnections \d+ Count/,
    );
    expect(stderr).not.toContain("no effects");
    expect(json.metrics[0].data.map((d: { name: string }) => d.name)).toContain("ConnectionUtilization");
  });

  it("shows a hold's code", async () => {
    const { stderr } = await runScript("invoke.ts", [
      "scale-ecs",
      fixturePath("cloudwatch/cpu-high.alarm"),
      "--world",
      fixturePath("worlds/at-ceiling"),
    ]);
    expect(stderr).toMatch(/\n {2}decision: hold at-ceiling \(\w[\w-]*\): backend is at its ceiling/);
  });

  it("shows the error of each failed SQS record, and the JSON line carries them", async () => {
    const batch = fixture<{ Records: Record<string, unknown>[] }>("sqs/page-oncall.follow-up");
    const [record] = batch.Records;
    batch.Records.push({ ...record, messageId: "not-json", body: "{ not json" });
    batch.Records.push({ ...record, messageId: "not-a-follow-up", body: JSON.stringify({ kind: "other" }) });
    const file = path.join(dir, "batch.json");
    await writeFile(file, JSON.stringify(batch));

    const { code, json, stderr } = await runScript("invoke.ts", ["page-oncall", file]);
    expect(code).toBe(0);
    expect(stderr).toContain("\n  failed records: 2\n");
    expect(stderr).toMatch(/\n {4}not-json: InvalidEventError: follow-up message is not JSON/);
    expect(stderr).toMatch(/\n {4}not-a-follow-up: InvalidEventError: follow-up message: kind: /);
    expect(json.failedRecords.map((r: { id: string }) => r.id).sort()).toEqual(["not-a-follow-up", "not-json"]);
  });
});
