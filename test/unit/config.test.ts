import { describe, expect, it } from "vitest";
import { asLive } from "../../core/config/as-live.js";
import { parseStageConfig, stageConfig } from "../../core/config/index.js";
import { ConfigurationError } from "../../core/kernel/errors.js";
import HERO365_CONFIG from "../../hero365.config.js";
import { TEST_CONFIG, testConfig } from "../support/config.js";

describe("stage configuration", () => {
  it("validates every listed stage, each with its tier", () => {
    expect(testConfig("dev").tier).toBe("startup");
    expect(testConfig("prod").tier).toBe("growth");
    expect(testConfig("prod").safety.dryRun).toBe(false);
  });

  it("ships the example file with every stage in dry-run and PagerDuty off", () => {
    for (const stage of Object.keys(HERO365_CONFIG.stages)) {
      expect(stageConfig(stage).safety.dryRun, stage).toBe(true);
      expect(stageConfig(stage).notifications.pagerduty, stage).toBe(false);
    }
  });

  it("names the wrong field in the error", () => {
    const broken = structuredClone(TEST_CONFIG.stages.prod) as Record<string, any>;
    broken.ecs.services.backend.targetGroupFullName = "hero365-backend";
    broken.tier = "huge";
    expect(() => parseStageConfig("prod", broken)).toThrow(ConfigurationError);
    expect(() => parseStageConfig("prod", broken)).toThrow(/stages\.prod\.ecs\.services\.backend\.targetGroupFullName/);
    expect(() => parseStageConfig("prod", broken)).toThrow(/stages\.prod\.tier/);
  });

  it("rejects unknown keys so a typo cannot silently switch a safety off", () => {
    const typo = { ...structuredClone(TEST_CONFIG.stages.prod), saftey: { dryRun: true } };
    expect(() => parseStageConfig("prod", typo)).toThrow(/saftey/);
  });

  it("makes an unlisted stage (a personal sst dev stage) a dry-run shadow of dev, on dev's alarms", () => {
    const alice = testConfig("alice");
    const { role: _r, alarmStage: _a, safety: _s, ...shared } = alice;
    const { role: _dr, alarmStage: _da, safety: _ds, ...dev } = testConfig("dev");
    expect(shared).toEqual(dev);
    expect(alice.role).toEqual({ kind: "personal", shadows: "dev" });
    expect(alice.alarmStage).toBe("dev");
    expect(alice.safety.dryRun).toBe(true);
  });

  it("keeps a personal stage in dry-run even when the stage it shadows is live", () => {
    const file = { ...TEST_CONFIG, shadowStage: "prod" };
    expect(stageConfig("prod", file).safety.dryRun).toBe(false);
    expect(stageConfig("bob", file).safety.dryRun).toBe(true);
    expect(stageConfig("bob", file).alarmStage).toBe("prod");
  });

  it("gives a named stage its own alarm names and the create scaling mode by default", () => {
    expect(testConfig("prod").role).toEqual({ kind: "named" });
    expect(testConfig("prod").alarmStage).toBe("prod");
    expect(testConfig("prod").scaling).toBe("create");
  });

  it("refuses a shadow stage the file does not name", () => {
    expect(() => stageConfig("alice", { ...TEST_CONFIG, shadowStage: "staging" })).toThrow(/shadowStage/);
  });

  it("refuses a stage name that would break alarm names", () => {
    expect(() => testConfig("Prod_1")).toThrow(/invalid stage name/);
  });

  it("evaluates a stage as if live for the local tools, keeping its shadow rows", () => {
    const shadowed = {
      ...stageConfig("prod"),
      safety: { ...stageConfig("prod").safety, shadowRows: ["cpu-high" as const] },
    };
    const live = asLive(shadowed);
    expect(live.safety.dryRun).toBe(false);
    expect(live.notifications.pagerduty).toBe(true);
    expect(live.safety.shadowRows).toEqual(["cpu-high"]);
  });
});
