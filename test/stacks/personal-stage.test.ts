/**
 * A personal stage (`sst dev --stage alice`, a stage the config file does not name) shadows dev: it deploys
 * the reactions in dry-run on dev's alarm names and creates nothing on dev's services.
 */
import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { alarmPrefix, parseAlarmName } from "../../core/alarms/name.js";
import { stageConfig } from "../../core/config/index.js";
import { ROWS } from "../../core/matrix/rows.js";
import { synthTemplates } from "../support/synth.js";

const STAGE = "alice";
let templates: Record<string, Template>;

beforeAll(async () => {
  const synth = await synthTemplates(STAGE, { bundle: false });
  templates = Object.fromEntries(
    ["Core", "Alarms", "Reactions", "Scaling", "Paging", "SupabaseSignals", "Ingest", "Invoices"].map((s) => [
      s,
      synth.template(s),
    ]),
  );
}, 120_000);

const all = <T>(type: string) =>
  Object.values(templates).flatMap((t) => Object.values(t.findResources(type)) as { Properties: T }[]);

/** The alarm reactions: the functions a rule on CloudWatch alarm state changes targets. */
function reactionFunctions() {
  return Object.values(templates).flatMap((t) => {
    const rules = Object.values(t.findResources("AWS::Events::Rule")) as any[];
    const targeted = rules
      .filter((r) => r.Properties.EventPattern?.source?.includes("aws.cloudwatch"))
      .flatMap((r) => r.Properties.Targets.map((target: any) => target.Arn["Fn::GetAtt"][0]));
    const functions = t.findResources("AWS::Lambda::Function");
    return targeted.map((id: string) => ({ id, props: functions[id]?.Properties }));
  });
}

describe("a personal stage (alice) shadowing dev", () => {
  it("is configured as dev's dry-run shadow", () => {
    expect(stageConfig(STAGE).role).toEqual({ kind: "personal", shadows: "dev" });
  });

  it("registers no scalable target and no scaling policy", () => {
    expect(all("AWS::ApplicationAutoScaling::ScalableTarget")).toHaveLength(0);
    expect(all("AWS::ApplicationAutoScaling::ScalingPolicy")).toHaveLength(0);
  });

  it("creates no matrix alarm and no alarm on an ECS or ALB metric", () => {
    const alarms = all<{ AlarmName?: string; Namespace?: string; Metrics?: unknown }>("AWS::CloudWatch::Alarm");
    expect(alarms.length).toBeGreaterThan(0); // its own pipeline alarms (DLQs, ingest errors) remain
    for (const { Properties: alarm } of alarms) {
      expect(parseAlarmName(String(alarm.AlarmName)), String(alarm.AlarmName)).toBeUndefined();
      expect(String(alarm.AlarmName)).toMatch(/^hero365-alice-/);
      expect(JSON.stringify(alarm)).not.toMatch(/AWS\/ECS|AWS\/ApplicationELB|Hero365\/Supabase/);
    }
  });

  it("runs no Supabase collector, which would publish into the shadowed stage's metrics", () => {
    const schedules = all<{ ScheduleExpression?: string }>("AWS::Events::Rule").map(
      (r) => r.Properties.ScheduleExpression,
    );
    expect(schedules).not.toContain("rate(1 minute)");
    expect(schedules).toContain("rate(15 minutes)"); // its own invoice sweep remains
  });

  it("deploys the five alarm reactions, each marked dry-run in its environment", () => {
    const reactions = reactionFunctions();
    expect(reactions).toHaveLength(5);
    for (const { id, props } of reactions) expect(props.Environment.Variables.HERO365_DRY_RUN, id).toBe("true");
  });

  it("matches dev's alarm names in every reaction rule, never its own", () => {
    const prefixes = all<any>("AWS::Events::Rule")
      .filter((r) => r.Properties.EventPattern?.source?.includes("aws.cloudwatch"))
      .flatMap((r) => r.Properties.EventPattern.detail.alarmName.map((m: { prefix: string }) => m.prefix));
    expect(prefixes.sort()).toEqual(ROWS.map((row) => alarmPrefix("dev", row.id)).sort());
  });

  it("may read dev's alarms, not alarms named after itself", () => {
    const resources = JSON.stringify(
      all<any>("AWS::IAM::Policy").flatMap((p) =>
        p.Properties.PolicyDocument.Statement.filter((s: any) =>
          [s.Action].flat().includes("cloudwatch:DescribeAlarms"),
        ).map((s: any) => s.Resource),
      ),
    );
    expect(resources).toContain(":alarm:hero365-dev-");
    expect(resources).not.toContain(":alarm:hero365-alice-");
  });
});
