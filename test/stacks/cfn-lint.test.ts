/**
 * Lints the synthesized templates the way the field does: cfn-lint with informational and experimental rules,
 * on dev, prod and a personal stage. Every finding must be explained in cfn-lint-allow.json.
 *
 * cfn-lint 1.51 is preinstalled on this machine kind (pip `cfn-lint`); where it is missing the test skips and
 * says why. Templates are synthesized without bundling: bundling only turns each function's placeholder code
 * into an asset's S3 location, and bundled prod templates gave the same rule ids (I1022, I3013, W3005).
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { synthesize } from "../../sim/local/synth.js";

const STAGES = ["dev", "prod", "alice"];
const version = spawnSync("cfn-lint", ["--version"], { encoding: "utf8" });
const available = version.status === 0;
if (!available) {
  console.warn(
    `cfn-lint not found on PATH (${version.error?.message ?? version.stderr.trim()}): skipping the template lint. Install it with pip install cfn-lint==1.51.0`,
  );
}

interface Finding {
  Rule: { Id: string };
  Level: string;
  Message: string;
  Filename: string;
  Location: { Path: (string | number)[] };
}
interface AllowEntry {
  rule: string;
  path: string;
  reason: string;
}

let dir: string;
let findings: Finding[] = [];
let allow: AllowEntry[];
let templates = 0;

beforeAll(async () => {
  allow = JSON.parse(await readFile(path.join(import.meta.dirname, "cfn-lint-allow.json"), "utf8")).entries;
  if (!available) return;
  // A real-looking account: without one SST writes its placeholder "my-account" into ARNs, which cfn-lint
  // rightly rejects (E3510, W1032); `sst deploy` always has the account.
  process.env.CDK_DEFAULT_ACCOUNT = "123456789012";
  dir = await mkdtemp(path.join(tmpdir(), "hero365-cfn-lint-"));
  const files: string[] = [];
  for (const stage of STAGES) {
    const app = await synthesize(stage, { bundle: false });
    for (const { name, template } of app.stacks) {
      const file = path.join(dir, `${name}.template.json`);
      await writeFile(file, JSON.stringify(template, null, 1));
      files.push(file);
    }
  }
  templates = files.length;
  findings = await cfnLint(files);
}, 180_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** cfn-lint exits non-zero whenever it finds something: its JSON on stdout is the answer. */
function cfnLint(files: string[]): Promise<Finding[]> {
  const args = ["--format", "json", "--include-checks", "I", "--include-experimental", "--", ...files];
  return new Promise((resolve, reject) => {
    execFile("cfn-lint", args, { maxBuffer: 64 * 1024 * 1024 }, (_error, stdout, stderr) => {
      try {
        resolve(JSON.parse(stdout) as Finding[]);
      } catch {
        reject(new Error(`cfn-lint printed no JSON: ${stderr || stdout}`));
      }
    });
  });
}

const pathOf = (f: Finding) => f.Location.Path.join("/");
const explains = (entry: AllowEntry, f: Finding) => entry.rule === f.Rule.Id && new RegExp(entry.path).test(pathOf(f));

describe.skipIf(!available)(`cfn-lint (${version.stdout?.trim()}) on the ${STAGES.join(", ")} templates`, () => {
  it("lints every stack of every stage", () => {
    expect(templates).toBeGreaterThanOrEqual(STAGES.length);
  });

  it("finds no error, warning or informational finding the allow-list does not explain", () => {
    const unexplained = findings
      .filter((f) => !allow.some((entry) => explains(entry, f)))
      .map((f) => `${f.Rule.Id} ${path.basename(f.Filename)} ${pathOf(f)}: ${f.Message}`);
    expect(unexplained).toEqual([]);
  });

  it("has a reason for every allow-list entry, and no entry that explains nothing", () => {
    for (const entry of allow) {
      expect(entry.reason.length, entry.rule).toBeGreaterThan(20);
      expect(
        findings.some((f) => explains(entry, f)),
        `${entry.rule} ${entry.path} no longer matches a finding`,
      ).toBe(true);
    }
  });
});
