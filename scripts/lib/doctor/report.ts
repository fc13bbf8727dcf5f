/** The doctor's offline report: the configuration's findings, the secrets, and what a deploy creates. */
import type { Finding } from "./findings.js";
import type { Section } from "./live.js";
import type { DeployPlan } from "./plan.js";
import type { StageSecret } from "./secrets.js";

export function secretsSection(stage: string, secrets: StageSecret[]): Section {
  const lines = [`set each with: npx sst secrets set <NAME> <value> --stage ${stage}`];
  for (const s of secrets) {
    lines.push(`${s.name}${s.required ? "" : " (bound, unused)"}: ${s.purpose}`);
    if (s.usedBy.length > 0) lines.push(`    used by ${s.usedBy.join(", ")}`);
    if (s.required && s.boundBy.length === 0) lines.push("    (no template binds it yet)");
  }
  const extra = secrets.filter((s) => !s.required);
  const findings: Finding[] = extra.map((s) => ({
    level: "note",
    message: `${s.name} is bound by ${s.boundBy.join(", ")} though this configuration does not use it: set it anyway`,
  }));
  return { title: "Secrets this stage needs", lines, findings };
}

export function deploySection(plan: DeployPlan): Section {
  const lines: string[] = [];
  const byStack = <T extends { stack: string }>(items: T[], show: (item: T) => string) => {
    const stacks = [...new Set(items.map((i) => i.stack))];
    for (const stack of stacks) {
      lines.push(`  ${stack}:`);
      for (const item of items.filter((i) => i.stack === stack)) lines.push(`    ${show(item)}`);
    }
  };
  if (plan.scalableTargets.length === 0) {
    lines.push("Scalable targets: none (existing ECS scaling is left alone)");
  } else {
    lines.push(
      `Scalable targets (${plan.scalableTargets.length}): each takes over the service's scaling; one already registered outside the stack blocks the create (--live checks)`,
    );
    for (const t of plan.scalableTargets) lines.push(`    ${t.resourceId}: min ${t.min}, max ${t.max}`);
  }
  lines.push(`Scaling policies (${plan.scalingPolicies.length}):`);
  for (const p of plan.scalingPolicies) lines.push(`    ${p.name}: ${p.metric} target ${p.target} on ${p.resourceId}`);
  lines.push(`Alarms (${plan.alarms.length}):`);
  byStack(plan.alarms, (a) => a.name);
  lines.push(`Rules (${plan.rules.length}):`);
  byStack(plan.rules, (r) => `${r.id} on the ${r.bus}: ${r.what}`);
  lines.push(`Functions (${plan.functions.length}):`);
  byStack(
    plan.functions,
    (f) => `${f.id}: ${f.description}${f.secrets.length ? ` [secrets: ${f.secrets.join(", ")}]` : ""}`,
  );
  const dlqs = plan.queues.filter((q) => q.deadLetter).length;
  lines.push(
    `Queues (${plan.queues.length}, ${dlqs} of them ${dlqs === 1 ? "a dead-letter queue" : "dead-letter queues"}):`,
  );
  byStack(plan.queues, (q) => `${q.id}${q.deadLetter ? " (dead-letter)" : ""}`);
  const retained = plan.fixedNames.filter((r) => r.retained);
  lines.push("Kept when the stack is deleted, under a fixed name (delete before re-creating the stack):");
  if (retained.length === 0) lines.push("    nothing");
  for (const r of retained) lines.push(`    ${r.name} (${r.type}, ${r.stack})`);
  if (plan.retainedGenerated.length > 0) {
    lines.push("Kept when the stack is deleted, under a generated name (no block; delete by hand when done):");
    for (const r of plan.retainedGenerated) lines.push(`    ${r.id} (${r.type}, ${r.stack})`);
  }
  if (plan.killSwitchParameter) {
    lines.push(`Kill switch: ${plan.killSwitchParameter}, read by scale-ecs; no stack creates or changes it`);
  }
  return { title: "What a deploy creates or takes over", lines, findings: [] };
}

export function render(sections: Section[]): { text: string; problems: number; notes: number } {
  const out: string[] = [];
  let problems = 0;
  let notes = 0;
  for (const s of sections) {
    out.push("", s.title);
    for (const line of s.lines) out.push(`  ${line}`);
    for (const f of s.findings) {
      if (f.level === "problem") problems++;
      else notes++;
      out.push(`  ${f.level === "problem" ? "PROBLEM" : "note"}: ${f.message}`);
    }
  }
  return { text: out.join("\n"), problems, notes };
}
