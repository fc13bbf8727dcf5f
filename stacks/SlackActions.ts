import { Duration } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as destinations from "aws-cdk-lib/aws-lambda-destinations";
import { Function as SstFunction, type StackContext, use } from "sst/constructs";
import { secretsOf } from "../core/config/required-secrets.js";
import { SERVICES } from "../core/matrix/tiers.js";
import { SCALE_BACK_PERMISSIONS, SLACK_ACTIONS_PERMISSIONS } from "../core/slack-actions/permissions.js";
import { Core } from "./Core.js";
import { stageEnvironment } from "./lib/alarm-reaction.js";
import { deadLetters } from "./lib/dead-letter.js";
import { functionErrorsAlarm } from "./lib/errors-alarm.js";
import { policyStatements } from "./lib/permissions.js";
import { Scaling } from "./Scaling.js";

/**
 * The Slack app's interactivity URL: the slack-actions function behind a Function URL (Slack cannot sign AWS
 * requests, so the URL is public and the function verifies Slack's signature). A Function URL invokes
 * synchronously: a click that fails there is answered 502 and Slack shows the user an error, so the function's
 * errors alarm is what wakes someone. A slow click (Acknowledge, Approve, Scale back) is answered at once and
 * handed to an asynchronous invocation of the same function (core/slack-actions/hand-off.ts): Lambda retries
 * it twice, then keeps it in the stage's dead-letter queue, which alarms.
 */
export function SlackActions({ stack, app }: StackContext) {
  const core = use(Core);
  const { killSwitch } = use(Scaling);
  const stage = app.stage;
  const scaleBack = core.config.slackActions.allow.scaleBack.length > 0;
  const fn = new SstFunction(stack, "fn-slack-actions", {
    handler: "functions/slack-actions.handler",
    description: `hero365 ${stage}: Slack button clicks, verified and authorised, on the kill switch`,
    // Slack stops waiting after 3 s, but a slow click still finishes (its step completes, its reply goes out).
    timeout: 10,
    url: { authorizer: "none", cors: false },
    bind: secretsOf(core.config, "slack-actions").map((name) => core.secrets[name]),
    environment: {
      ...stageEnvironment(core),
      STATE_TABLE_NAME: core.state.tableName,
      KILL_SWITCH_PARAMETER: killSwitch.parameterName,
      ...(scaleBack && { ALERTS_TOPIC_ARN: core.alerts.topicArn, ONCALL_TOPIC_ARN: core.onCall.topicArn }),
    },
  });
  const { region, account } = stack;
  const { config } = core;
  fn.attachPermissions(
    policyStatements(stack, [...SLACK_ACTIONS_PERMISSIONS, ...(scaleBack ? SCALE_BACK_PERMISSIONS : [])], {
      killSwitchParameter: [killSwitch.parameterArn],
      stateTable: [core.state.tableArn],
      stageAlarms: [`arn:aws:cloudwatch:${region}:${account}:alarm:hero365-${config.alarmStage}-*`],
      alertsTopic: [core.alerts.topicArn],
      onCallTopic: [core.onCall.topicArn],
      ecsServices: SERVICES.map(
        (s) =>
          `arn:aws:ecs:${region}:${account}:service/${config.ecs.clusterName}/${config.ecs.services[s].serviceName}`,
      ),
      // CloudFormation exposes no scalable-target ARN (aws-cdk#28423): scoped to this account and region.
      scalableTargets: [`arn:aws:application-autoscaling:${region}:${account}:scalable-target/*`],
    }),
  );
  // A separate policy, not the role's default one: the function depends on its role's default policy, so its own
  // ARN there would be a dependency cycle.
  new iam.Policy(stack, "slack-actions-hand-off", {
    roles: fn.role ? [fn.role] : [],
    statements: [new iam.PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: [fn.functionArn] })],
  });
  // A handed-off click that failed three times: the clicker saw nothing happen. The record holds the click and
  // the error; the click is claimed once, so a redrive acts at most once.
  fn.configureAsyncInvoke({
    retryAttempts: 2,
    maxEventAge: Duration.hours(1),
    onFailure: new destinations.SqsDestination(deadLetters(stack, core)),
  });
  functionErrorsAlarm(stack, "slack-actions-errors", {
    fn,
    alarmName: `hero365-${stage}-slack-actions-errors`,
    alerts: core.alerts,
    description:
      "The slack-actions function failed a click (Slack showed the user an error): the kill switch or the state table could not be read or written, or the function is misconfigured. Read the function's log.",
  });
  stack.addOutputs({ SlackInteractivityUrl: fn.url ?? "" });
  return { fn };
}
