import { describe, expect, it } from "vitest";
import { parseStageConfig, stageConfig } from "../../core/config/index.js";
import { STAGES } from "../../core/config/stages.js";
import { ConfigurationError } from "../../core/errors.js";

describe("stage configuration", () => {
  it("validates every listed stage, each with its tier", () => {
    expect(stageConfig("dev").tier).toBe("startup");
    expect(stageConfig("prod").tier).toBe("growth");
    expect(stageConfig("prod").safety.dryRun).toBe(false);
  });

  it("names the wrong field in the error", () => {
    const broken = structuredClone(STAGES.prod) as Record<string, any>;
    broken.ecs.services.backend.targetGroupFullName = "hero365-backend";
    broken.tier = "huge";
    expect(() => parseStageConfig("prod", broken)).toThrow(ConfigurationError);
    expect(() => parseStageConfig("prod", broken)).toThrow(/stages\.prod\.ecs\.services\.backend\.targetGroupFullName/);
    expect(() => parseStageConfig("prod", broken)).toThrow(/stages\.prod\.tier/);
  });

  it("rejects unknown keys so a typo cannot silently switch a safety off", () => {
    const typo = { ...structuredClone(STAGES.prod), saftey: { dryRun: true } };
    expect(() => parseStageConfig("prod", typo)).toThrow(/saftey/);
  });

  it("gives an unlisted stage (a personal sst dev stage) the dev values", () => {
    expect(stageConfig("alice")).toEqual(stageConfig("dev"));
  });

  it("refuses a stage name that would break alarm names", () => {
    expect(() => stageConfig("Prod_1")).toThrow(/invalid stage name/);
  });
});
