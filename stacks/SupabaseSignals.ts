import { Duration, type Stack } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as destinations from "aws-cdk-lib/aws-lambda-destinations";
import { type App, Cron, Function as SstFunction, type StackContext, use } from "sst/constructs";
import { SUPABASE_NAMESPACE } from "../core/matrix/rows.js";
import { COLLECTOR, collectorAlarmName } from "../core/supabase/collector-spec.js";
import { SUPABASE_METRIC_DIMENSION } from "../core/supabase/metrics.js";
import { Core, type CoreResources } from "./Core.js";
import { actionReactions, boundSecrets } from "./lib/alarm-reaction.js";
import { deadLetters, scheduleRuleName } from "./lib/dead-letter.js";
import { policyStatements } from "./lib/permissions.js";

/**
 * The Supabase signals: the collector that publishes connection and egress metrics every minute (and the
 * alarm that notices it failing or stopping), and the reactions registered for this stack, to the Supabase
 * rows of the matrix: the plan-upgrade ticket and the optimize-query alert.
 */
export function SupabaseSignals({ stack, app }: StackContext) {
  const core = use(Core);
  const { config } = core;
  const stage = app.stage;

  // A personal stage shadows another stage's project: its collector would publish into that stage's metrics
  // (the ones its matrix alarms watch), so it has none, and reads the shadowed stage's history instead.
  const collection = config.role.kind === "named" ? supabaseCollector(stack, core, app) : undefined;

  const reactions = actionReactions(stack, "SupabaseSignals", { stage, core });

  return { ...collection, reactions };
}

/**
 * The collector, its schedule (failing into the stage's dead-letter queue), and the alarm that notices it
 * failing or stopping.
 */
function supabaseCollector(stack: Stack, core: CoreResources, app: App) {
  const { config } = core;
  const { stage } = app;
  const dlq = deadLetters(stack, core);
  const collector = new SstFunction(stack, "fn-supabase-metrics", {
    handler: `functions/${COLLECTOR.functionName}.handler`,
    description: `hero365 ${stage}: ${COLLECTOR.description}`,
    // Well under the one-minute schedule, so two runs never overlap for long.
    timeout: 20,
    environment: { STATE_TABLE_NAME: core.state.tableName },
    bind: boundSecrets(core, COLLECTOR.functionName),
  });
  collector.attachPermissions(policyStatements(stack, COLLECTOR.permissions, { stateTable: [core.state.tableArn] }));
  // A retried scrape is a late one: the next minute's run measures afresh, and the egress ledger carries
  // the counters over, so no retries; failures still land in the dead-letter queue.
  collector.configureAsyncInvoke({ retryAttempts: 0, onFailure: new destinations.SqsDestination(dlq) });
  new Cron(stack, "SupabaseMetricsCron", {
    schedule: COLLECTOR.schedule,
    job: {
      function: collector,
      cdk: { target: { retryAttempts: 0, maxEventAge: Duration.minutes(1), deadLetterQueue: dlq } },
    },
    cdk: { rule: { ruleName: scheduleRuleName(app, COLLECTOR.functionName) } },
  });

  const spec = COLLECTOR.errorsAlarm;
  const collectorAlarm = new cloudwatch.Alarm(stack, "SupabaseCollectorErrors", {
    alarmName: collectorAlarmName(stage),
    alarmDescription: `The Supabase metrics collector failed (or did not run) in ${spec.datapointsToAlarm} of the last ${spec.evaluationPeriods} minutes: db-connections-high and bandwidth-high are blind meanwhile. Its log says why (reason: unauthorized, timeout, ...).`,
    metric: new cloudwatch.Metric({
      namespace: SUPABASE_NAMESPACE,
      metricName: spec.metricName,
      dimensionsMap: { [SUPABASE_METRIC_DIMENSION]: config.supabase.projectRef },
      statistic: "Maximum",
      period: Duration.seconds(spec.periodSeconds),
    }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: spec.evaluationPeriods,
    datapointsToAlarm: spec.datapointsToAlarm,
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
  });
  collectorAlarm.addAlarmAction(new actions.SnsAction(core.alerts));
  collectorAlarm.addOkAction(new actions.SnsAction(core.alerts));
  return { collector, collectorAlarm };
}
