/**
 * The reactions' runtime of a deployed function (aws-base.ts underneath): the notification channels, the
 * scaling and alarm readers, diagnostics, the Slack readers. Each client and its adapter are loaded by the first
 * call that needs them (their own chunks, the SDK bundled), so an invocation loads and constructs only the
 * clients it uses: a notice loads no ECS client (docs/benchmarks.md). The webhook ingest has its own, leaner
 * runtime (ingest-runtime.ts).
 */
import { githubIssues } from "../../core/adapters/http/github.js";
import { slackRespond } from "../../core/adapters/http/slack-respond.js";
import { slackUserGroups } from "../../core/adapters/http/slack-usergroups.js";
import { ConfigurationError } from "../../core/kernel/errors.js";
import { stateUpdater, stateWriter } from "../../core/kernel/state-writer.js";
import { killSwitchParameterName } from "../../core/scaling/kill-switch.js";
import { AWS_CLIENT_CONFIG, awsBase, lazy, onFirstUse } from "./aws-base.js";
import { notificationExecutors } from "./notification-executors.js";
import type { BaseRuntime, DiagnosticsPorts, ScalingPorts, SlackActionsRuntime } from "./runtime.js";

export { AWS_CLIENT_CONFIG } from "./aws-base.js";

/** Every port a function built from this runtime may read; each function's type keeps those it uses. */
export type AwsRuntime = BaseRuntime &
  ScalingPorts &
  Required<DiagnosticsPorts> &
  Pick<SlackActionsRuntime, "slackActions">;

export function awsRuntime(env: NodeJS.ProcessEnv = process.env): AwsRuntime {
  const { vars, config, now, store, ssm, secret, runtime } = awsBase(env);
  const ecs = lazy(async () => new (await import("./clients/ecs.js")).ECSClient(AWS_CLIENT_CONFIG));
  const aas = lazy(
    async () =>
      new (await import("./clients/application-auto-scaling.js")).ApplicationAutoScalingClient(AWS_CLIENT_CONFIG),
  );
  const cloudwatch = lazy(
    async () => new (await import("./clients/cloudwatch.js")).CloudWatchClient(AWS_CLIENT_CONFIG),
  );
  const alarmReader = lazy(async () => {
    const [{ cloudWatchAlarmReader }, client] = await Promise.all([
      import("../../core/adapters/aws/cloudwatch-alarms.js"),
      cloudwatch(),
    ]);
    return cloudWatchAlarmReader(client);
  });
  const ecsAdapters = () => import("../../core/adapters/aws/ecs.js");
  const publish = lazy(async () => {
    const [{ SNSClient }, { snsPublisher }] = await Promise.all([
      import("./clients/sns.js"),
      import("../../core/adapters/aws/sns.js"),
    ]);
    return snsPublisher(new SNSClient(AWS_CLIENT_CONFIG), {
      alerts: vars.ALERTS_TOPIC_ARN,
      onCall: vars.ONCALL_TOPIC_ARN,
    });
  });
  const send = lazy(async () => {
    const [{ SQSClient }, { sqsSender }] = await Promise.all([
      import("./clients/sqs.js"),
      import("../../core/adapters/aws/sqs.js"),
    ]);
    return sqsSender(new SQSClient(AWS_CLIENT_CONFIG), {
      followUps: vars.FOLLOW_UP_QUEUE_URL,
    });
  });
  // The Approve button's comment; plan-upgrade-ticket builds its own (functions/lib/supabase.ts).
  const github = lazy(async () => {
    const { tickets } = config;
    if (tickets.sink !== "github") throw new ConfigurationError("this stage's tickets go to a webhook, not GitHub");
    return githubIssues({ ...tickets, token: () => secret("GITHUB_TOKEN") });
  });
  const ssmAdapters = () => import("../../core/adapters/aws/ssm-kill-switch.js");
  const logs = lazy(
    async () => new (await import("./clients/cloudwatch-logs.js")).CloudWatchLogsClient(AWS_CLIENT_CONFIG),
  );
  const killSwitchParameter = vars.KILL_SWITCH_PARAMETER;
  return {
    ...runtime,
    executors: {
      ...notificationExecutors(config, secret),
      "sns.Publish": async (e) => (await publish())(e),
      "sqs.SendMessage": async (e) => (await send())(e),
      "dynamodb.PutItem": stateWriter(store),
      "dynamodb.UpdateItem": stateUpdater(store),
      "ssm.PutParameter": async (e) => (await ssmAdapters()).ssmPutParameter(await ssm())(e),
      "slack.respond": slackRespond(),
      "lambda.Invoke": onFirstUse(async () => {
        const [{ LambdaClient }, { lambdaInvoke }] = await Promise.all([
          import("./clients/lambda.js"),
          import("../../core/adapters/aws/lambda.js"),
        ]);
        return lambdaInvoke(new LambdaClient(AWS_CLIENT_CONFIG));
      }),
      "github.issues.createComment": async (e) => (await github()).createComment(e),
      "ecs.UpdateService": async (e) => (await ecsAdapters()).ecsUpdateService(await ecs())(e),
      "applicationautoscaling.RegisterScalableTarget": async (e) =>
        (await ecsAdapters()).aasRegisterScalableTarget(await aas())(e),
      "s3.PutObject": onFirstUse(async () => {
        const [{ S3Client }, { s3Putter }] = await Promise.all([
          import("./clients/s3.js"),
          import("../../core/adapters/aws/s3.js"),
        ]);
        return s3Putter(new S3Client(AWS_CLIENT_CONFIG), { invoices: vars.INVOICES_BUCKET_NAME });
      }),
      "sqs.SendMessageBatch": onFirstUse(async () => {
        const [{ SQSClient }, { sqsBatchSender }] = await Promise.all([
          import("./clients/sqs.js"),
          import("../../core/adapters/aws/sqs.js"),
        ]);
        return sqsBatchSender(new SQSClient(AWS_CLIENT_CONFIG), { invoices: vars.INVOICE_QUEUE_URL });
      }),
    },
    services: {
      read: async (service) => {
        const [{ ecsServiceStateReader }, ecsClient, aasClient] = await Promise.all([ecsAdapters(), ecs(), aas()]);
        return ecsServiceStateReader(ecsClient, aasClient, config).read(service);
      },
    },
    alarms: {
      read: async (name) => (await alarmReader()).read(name),
      readMany: async (names) => (await alarmReader()).readMany(names),
    },
    killSwitch: {
      paused: async () => {
        if (!killSwitchParameter) throw new ConfigurationError("KILL_SWITCH_PARAMETER is not set for this function");
        const [{ ssmKillSwitch }, client] = await Promise.all([ssmAdapters(), ssm()]);
        return ssmKillSwitch(client, killSwitchParameter).paused();
      },
    },
    slackActions: {
      killSwitch: {
        read: async () =>
          (await ssmAdapters()).ssmKillSwitchParameter(await ssm(), killSwitchParameterName(vars.SST_STAGE)).read(),
      },
      alarms: { read: async (name) => (await alarmReader()).read(name) },
      tickets: { state: async (ref) => (await github()).tracker.state(ref) },
      userGroups: {
        members: (group) =>
          slackUserGroups({
            baseUrl: config.notifications.slackApiUrl,
            token: () => secret("SLACK_BOT_TOKEN"),
          }).members(group),
      },
    },
    diagnostics: {
      collect: async (service, options) => {
        const [
          { awsDiagnostics },
          { logsInsightsTopErrors },
          { errorLogLines },
          ecsClient,
          cloudwatchClient,
          logsClient,
        ] = await Promise.all([
          import("../../core/adapters/aws/aws-diagnostics.js"),
          import("../../core/adapters/aws/logs-insights.js"),
          import("../../core/diagnostics/error-logs.js"),
          ecs(),
          cloudwatch(),
          logs(),
        ]);
        return awsDiagnostics({
          ecs: ecsClient,
          cloudwatch: cloudwatchClient,
          config,
          now,
          errorLogs: errorLogLines(logsInsightsTopErrors(logsClient), (s) => config.ecs.services[s].logGroupName, now),
        }).collect(service, options);
      },
    },
  };
}
