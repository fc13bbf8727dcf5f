/** `npm run doctor` as a user runs it: offline on the example configuration, help, and usage errors. */
import { beforeAll, describe, expect, it } from "vitest";
import { stageConfig } from "../../core/config/index.js";
import { requiredSecrets } from "../../core/config/required-secrets.js";
import { type DeployPlan, deployPlan } from "../../scripts/lib/doctor/plan.js";
import { type CliResult, runScript } from "../support/cli.js";
import { synthesized } from "../support/synth.js";

let prod: CliResult;
let plan: DeployPlan;

beforeAll(async () => {
  [prod, plan] = await Promise.all([
    runScript("doctor.ts", ["--stage", "prod"]),
    synthesized("prod", { bundle: false }).then((app) => deployPlan(app.stacks)),
  ]);
}, 120_000);

describe("npm run doctor -- --stage prod (offline)", () => {
  it("exits 0 on the example configuration, with nothing on stderr", () => {
    expect(prod.stderr).toBe("");
    expect(prod.code).toBe(0);
    expect(prod.stdout).toMatch(/^0 problems, \d+ notes?$/m);
  });

  it("lists every secret the configuration needs, what it is for and who uses it", () => {
    for (const secret of requiredSecrets(stageConfig("prod"))) {
      expect(prod.stdout).toContain(`${secret.name}: ${secret.purpose}`);
      expect(prod.stdout).toContain(`used by ${secret.usedBy.join(", ")}`);
    }
  });

  it("lists what the deploy creates or takes over: scalable targets, policies, every alarm, rule, function, queue", () => {
    expect(plan.scalableTargets.length).toBeGreaterThan(0);
    for (const t of plan.scalableTargets) expect(prod.stdout).toContain(`${t.resourceId}: min ${t.min}, max ${t.max}`);
    for (const p of plan.scalingPolicies) expect(prod.stdout).toContain(p.name);
    expect(prod.stdout).toContain(`Alarms (${plan.alarms.length}):`);
    for (const a of plan.alarms) expect(prod.stdout).toContain(a.name);
    for (const r of plan.rules) expect(prod.stdout).toContain(r.id);
    for (const f of plan.functions) expect(prod.stdout).toContain(f.description);
    for (const q of plan.queues) expect(prod.stdout).toContain(q.id);
    expect(prod.stdout).toMatch(/prod-hero365-scaling-State \(AWS::DynamoDB::Table/);
    expect(prod.stdout).toContain("Kill switch: /hero365/prod/paused");
  });
});

describe("npm run doctor: help and usage errors", () => {
  it("answers --help with usage, the default stage and examples, exit 0", async () => {
    const help = await runScript("doctor.ts", ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("usage: npm run doctor -- [--stage <stage>] [--live]");
    expect(help.stdout).toContain("(default: prod)");
    expect(help.stdout).toContain("npm run doctor -- --stage prod --live");
  });

  it.each([
    [["--bogus"], /Unknown option '--bogus'/],
    [["--stage"], /argument missing/],
    [["--stage", "Prod!"], /invalid stage "Prod!"/],
  ])("exits 2 with one line for %j, no stack trace", async (args, message) => {
    const run = await runScript("doctor.ts", args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
