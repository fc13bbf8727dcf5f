/**
 * One doctor run: validate the stage's configuration, synthesize its templates (no bundling: the resources
 * are what matters), report, and with `live` ask the account. Returns the exit code: 0 healthy, 1 problems.
 */
import { knownStages, stageConfig } from "../../../core/config/index.js";
import { ConfigurationError } from "../../../core/kernel/errors.js";
import { synthesize } from "../../../sim/local/synth.js";
import { checkConfig } from "./config-checks.js";
import { note } from "./findings.js";
import { liveChecks, type Section } from "./live.js";
import { deployPlan } from "./plan.js";
import { deploySection, render, secretsSection } from "./report.js";
import { stageSecrets } from "./secrets.js";
import { sharedScalableTargets } from "./shared-services.js";

export interface DoctorOptions {
  stage: string;
  live: boolean;
  write: (text: string) => void;
}

export async function runDoctor({ stage, live, write }: DoctorOptions): Promise<0 | 1> {
  let config: ReturnType<typeof stageConfig>;
  try {
    config = stageConfig(stage);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    write(`doctor: stage ${stage}: ${error.message}\n`);
    return 1;
  }
  const configSection: Section = {
    title: "Configuration",
    lines: [`region ${config.region}, tier ${config.tier}, cluster ${config.ecs.clusterName}`],
    findings: checkConfig(config),
  };
  if (!knownStages().includes(stage)) {
    configSection.findings.unshift(note(`stage ${stage} is not named in the configuration`));
  }
  const app = await synthesize(stage, { bundle: false });
  const plan = deployPlan(app.stacks);
  const secrets = stageSecrets(config, plan);
  const deploy = deploySection(plan);
  deploy.findings.push(...sharedScalableTargets(stage, plan));
  const sections = [configSection, secretsSection(stage, secrets), deploy];
  if (live) sections.push(...(await liveChecks({ stage, config, plan, secrets })));

  const { text, problems, notes } = render(sections);
  write(`hero365 doctor: stage ${stage}${live ? " (live)" : " (offline; --live asks AWS)"}\n${text}\n\n`);
  write(`${problems} problem${problems === 1 ? "" : "s"}, ${notes} note${notes === 1 ? "" : "s"}\n`);
  return problems > 0 ? 1 : 0;
}
