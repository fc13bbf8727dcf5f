/**
 * Hero365 scaling pipeline: the one file a team edits to adopt it. Validated at synth and at every cold start
 * (core/config/schema.ts names each wrong field). The ids below are EXAMPLES: replace them with your own.
 *
 * Safe defaults: every stage is `dryRun: true` (plans are posted as "would scale 4 → 6", nothing is changed)
 * and `pagerduty: false` (no routing key needed) until you switch them. See docs/configuration.md.
 */
import type { Hero365ConfigInput } from "./core/config/schema.js";

export default {
  /**
   * A stage not listed under `stages` (a personal `sst dev --stage alice`) shadows this one: it reacts to this
   * stage's alarms in dry-run, reads the real services, applies nothing, and creates no alarm, scalable target
   * or scaling policy.
   */
  shadowStage: "dev",
  /** Named stages: each one owns its matrix alarms (and its scaling, with `scaling: "create"`). */
  stages: {
    dev: {
      /**
       * The seed's capacity tier: startup | growth | scale | enterprise. Sets the scalable targets' min/max, the
       * CPU target of target tracking, and the ceiling of every automatic action (`npm run tier` compares them).
       */
      tier: "startup",
      /**
       * `create`: the stacks register each service's scalable target and the seed's three target-tracking
       * policies; `sst remove` deregisters them. `adopt`: your services already have scaling (console: ECS →
       * cluster → service → "Service auto scaling"); the stacks leave it alone and the reactions only raise and
       * restore its floor (MinCapacity).
       */
      scaling: "create",
      /** The AWS region of the cluster and of this app's stacks (console: top-right region menu). */
      region: "us-east-1",
      ecs: {
        /** ECS console → Clusters: the cluster's name. Part of every ECS alarm's dimensions and IAM scope. */
        clusterName: "hero365-dev-cluster",
        services: {
          backend: {
            /** ECS console → cluster → Services: the service name. */
            serviceName: "hero365-backend",
            /**
             * EC2 console → Load Balancers → the ALB → ARN: the part after `loadbalancer/`, `app/<name>/<id>`.
             * The `LoadBalancer` dimension of the response-time and error-rate alarms.
             */
            loadBalancerFullName: "app/hero365-dev-alb/1a2b3c4d5e6f7a8b",
            /**
             * EC2 console → Target Groups → the service's group → ARN: the part after the account,
             * `targetgroup/<name>/<id>`. The `TargetGroup` dimension, and the request-count scaling policy.
             */
            targetGroupFullName: "targetgroup/hero365-dev-backend/0a1b2c3d4e5f6a7b",
            /**
             * ECS console → task definition → container → Logging: the awslogs group. Optional: without it the
             * error-rate page carries no log lines.
             */
            logGroupName: "/ecs/hero365-dev-backend",
          },
          frontend: {
            serviceName: "hero365-frontend",
            loadBalancerFullName: "app/hero365-dev-alb/1a2b3c4d5e6f7a8b",
            targetGroupFullName: "targetgroup/hero365-dev-frontend/7b6a5f4e3d2c1b0a",
          },
        },
      },
      supabase: {
        /** Supabase dashboard → Project Settings → General: the 20-character Reference ID. */
        projectRef: "devhero365projectref",
        /** Supabase dashboard → Organization → Billing: free | pro | team | enterprise (egress quota, tickets). */
        plan: "free",
        /** Supabase dashboard → Project Settings → Compute and Disk: micro … 16xl (connection limits). */
        computeSize: "micro",
        /**
         * `prometheus`: the collector scrapes the project's metrics endpoint (connections and network bytes;
         * needs SUPABASE_SERVICE_ROLE_KEY); `sql`: it counts connections over SQL (needs SUPABASE_DB_URL, no
         * egress figure).
         */
        metricsSource: "sql",
      },
      /**
       * Where plan-upgrade tickets go. `github`: issues in owner/repo (needs GITHUB_TOKEN, a fine-grained token
       * with Issues read/write); `webhook`: a JSON POST to the URL in TICKET_WEBHOOK_URL (Jira, Linear).
       */
      tickets: {
        sink: "github",
        apiUrl: "https://api.github.com",
        owner: "hero365",
        repo: "platform",
        labels: ["dev"],
      },
      notifications: {
        /** Slack: right-click the channel → View channel details: its name or the `C…` id (bot mode). */
        slackChannel: "#hero365-dev-alerts",
        /**
         * `bot`: a Slack app's bot token (SLACK_BOT_TOKEN, api.slack.com → your app → OAuth & Permissions,
         * scope chat:write); one message per episode, edited as it goes. `webhook`: an incoming webhook URL
         * (SLACK_WEBHOOK_URL, your app → Incoming Webhooks); every notice is a new message.
         */
        slackMode: "bot",
        /**
         * Page through PagerDuty Events v2 as well as the on-call SNS topic. Switch on once PAGERDUTY_ROUTING_KEY
         * is set (PagerDuty → Service → Integrations → Events API v2 → Integration Key).
         */
        pagerduty: false,
        /** While the error-rate alarm stays in ALARM, page again this often (minutes, 15–1440). */
        repageMinutes: 30,
        /** An alarm that fires again this soon after resolving (minutes) continues its last Slack thread. */
        flappingWindowMinutes: 15,
        /** Addresses subscribed to the alerts topic by email (each must confirm AWS's subscription mail). */
        emails: [],
      },
      safety: {
        /**
         * `true`: shadow mode for the whole stage: every reaction plans and posts what it would do ("would scale
         * 4 → 6") and changes nothing. Switch off only after reading a week of its notices.
         */
        dryRun: true,
        /** Matrix rows kept in shadow after `dryRun` is off, e.g. ["cpu-high"], to go live row by row. */
        shadowRows: [],
        /** Automatic actions per service per hour before the pipeline holds and says so. */
        hourlyActionBudget: 6,
      },
      /** Most invoice-worker containers at once: each holds one Supabase pooler connection. */
      invoices: { workerMaxConcurrency: 2 },
      /** Statistic of the response-time alarm: the seed's p95, or another percentile. */
      responseTimeStatistic: "p95",
      /**
       * How the ingest authenticates Supabase: `standard-webhooks` (the signed triggers of supabase/migrations)
       * or `shared-secret` (a header, for dashboard-made webhooks). Either way the secret is SUPABASE_WEBHOOK_SECRET.
       */
      ingest: { webhookAuth: "standard-webhooks" },
      /**
       * Who may press the buttons on the pipeline's Slack messages (docs/slack-actions.md): per action, Slack
       * user ids (profile → ⋮ → Copy member ID, `U…`) and user-group ids (`S…`; resolved with the bot token,
       * scope usergroups:read). An empty list refuses that action to everyone.
       */
      slackActions: {
        allow: {
          pause: ["U024BE7LH"],
          resume: ["U024BE7LH"],
          scaleBack: ["U024BE7LH"],
          acknowledge: ["U024BE7LH"],
          approve: ["U024BE7LH"],
        },
      },
    },
    prod: {
      // Each field means what it means under `dev` above.
      tier: "growth",
      scaling: "create",
      region: "us-east-1",
      ecs: {
        clusterName: "hero365-cluster",
        services: {
          backend: {
            serviceName: "hero365-backend",
            loadBalancerFullName: "app/hero365-alb/50dc6c495c0c9188",
            targetGroupFullName: "targetgroup/hero365-backend/73e2d6bc24d8a067",
            logGroupName: "/ecs/hero365-backend",
          },
          frontend: {
            serviceName: "hero365-frontend",
            loadBalancerFullName: "app/hero365-alb/50dc6c495c0c9188",
            targetGroupFullName: "targetgroup/hero365-frontend/5a3c1e7f9b2d4c6e",
            logGroupName: "/ecs/hero365-frontend",
          },
        },
      },
      supabase: { projectRef: "hero365prodprojectrf", plan: "pro", computeSize: "small", metricsSource: "prometheus" },
      tickets: {
        sink: "github",
        apiUrl: "https://api.github.com",
        owner: "hero365",
        repo: "platform",
        labels: ["supabase", "capacity"],
      },
      notifications: {
        slackChannel: "#hero365-alerts",
        slackMode: "bot",
        pagerduty: false,
        repageMinutes: 30,
        flappingWindowMinutes: 15,
        emails: [],
      },
      safety: { dryRun: true, shadowRows: [], hourlyActionBudget: 6 },
      invoices: { workerMaxConcurrency: 10 },
      responseTimeStatistic: "p95",
      ingest: { webhookAuth: "standard-webhooks" },
      slackActions: {
        allow: {
          pause: ["U024BE7LH"],
          resume: ["U024BE7LH"],
          scaleBack: ["U024BE7LH"],
          acknowledge: ["U024BE7LH"],
          approve: ["U024BE7LH"],
        },
      },
    },
  },
} satisfies Hero365ConfigInput;
