/**
 * The sample replay (`npm start -- --samples`): every sample event under events/ through the rules the
 * stacks deploy and the real handlers, in dry-run against the default local world, as a timeline.
 */
import { localView } from "../../core/config/as-live.js";
import { stageConfig } from "../../core/config/index.js";
import { deployedFor } from "../deployed.js";
import { describeEffect, loadHandler, run, SAMPLE_STAGE } from "./local-invoke.js";
import { routedBy } from "./rules.js";
import { loadSamples } from "./samples.js";
import { agreeWithEvent, loadWorld, worldAlarms, worldRuntime } from "./world.js";

/** Everything here is dry-run, on the stage the samples are written for. */
const STAGE = SAMPLE_STAGE;

export async function replaySamples(options: { asConfigured?: boolean } = {}): Promise<string[]> {
  process.env.SST_STAGE = STAGE;
  const config = localView(stageConfig(STAGE), options.asConfigured === true);
  console.error(`synthesizing the ${STAGE} stacks to read their rules...`);
  const rules = (await deployedFor(STAGE)).rules.filter((rule) => rule.pattern);
  const world = await loadWorld();
  const runtime = worldRuntime(world, STAGE, config);
  const samples = (await loadSamples()).sort((a, b) => timeOf(a.event).localeCompare(timeOf(b.event)));

  const out: string[] = [
    `Replaying ${samples.length} sample events through ${rules.length} rules (stage ${STAGE}, dry-run, ${options.asConfigured ? "as configured" : "as if live"})`,
  ];
  let invocations = 0;
  let effects = 0;
  for (const sample of samples) {
    out.push("", `${timeOf(sample.event) || "(no time)"}  ${sample.name}  ${headline(sample.event)}`);
    const matched = routedBy(rules, "default", sample.event);
    if (matched.length === 0) out.push(`    no rule matches: ${whyUnrouted(sample.event)}`);
    for (const rule of matched) {
      for (const fn of rule.functions) {
        // Each sample is replayed in a world its alarm agrees with; the state table carries over.
        const alarms = worldAlarms(agreeWithEvent(world, sample.event));
        const output = await run(fn, await loadHandler(fn), structuredClone(sample.event), STAGE, {
          ...runtime,
          alarms,
        });
        invocations++;
        effects += output.effects.length;
        const result = output.result as { outcome: string; status: string; reason: string } | null;
        out.push(`    rule ${rule.name} -> ${fn}`);
        if (output.error) out.push(`      error ${output.error.name}: ${output.error.message}`);
        if (result) out.push(`      ${result.outcome} (${result.status}): ${result.reason}`);
        for (const effect of output.effects) out.push(`      effect ${describeEffect(effect)}`);
      }
    }
  }
  out.push("", `${samples.length} events, ${invocations} invocations, ${effects} planned effects (none applied).`);
  return out;
}

function timeOf(event: unknown): string {
  const e = event as {
    time?: string;
    record?: { updated_at?: string };
    old_record?: { updated_at?: string };
  };
  return e.time ?? e.record?.updated_at ?? e.old_record?.updated_at ?? "";
}

function headline(event: unknown): string {
  const e = event as {
    detail?: { alarmName?: string; state?: { value?: string } };
    type?: string;
    table?: string;
  };
  if (e.detail?.alarmName) return `${e.detail.alarmName} -> ${e.detail.state?.value}`;
  if (e.type && e.table) return `Supabase ${e.table} ${e.type}`;
  return "(unrecognised event)";
}

function whyUnrouted(event: unknown): string {
  const e = event as { source?: string; detail?: { state?: { value?: string } }; type?: string };
  if (e.type && !e.source) return "a Supabase webhook payload enters through the supabase-webhook ingest, not a rule";
  if (e.detail?.state?.value === "INSUFFICIENT_DATA") return "INSUFFICIENT_DATA never triggers a reaction";
  return "no reaction is configured for it";
}
