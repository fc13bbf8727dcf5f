/**
 * The Supabase ports and ticket executors of a runtime, built from the stage configuration. Secrets are read
 * when a port is used, never when it is built; every adapter can be pointed elsewhere (tests, local tools).
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { cloudWatchHistory } from "../../core/adapters/aws/cloudwatch-history.js";
import { emfMetricsSink } from "../../core/adapters/aws/emf-metrics.js";
import { githubIssues } from "../../core/adapters/http/github.js";
import { prometheusUsageReader, supabaseMetricsUrl } from "../../core/adapters/http/supabase-prometheus.js";
import { ticketWebhook } from "../../core/adapters/http/ticket-webhook.js";
import { postgresQueryInsights } from "../../core/adapters/postgres/query-insights.js";
import { sqlUsageReader } from "../../core/adapters/postgres/supabase-sql.js";
import type { StageConfig } from "../../core/config/index.js";
import type { SecretName } from "../../core/config/secrets.js";
import { ConfigurationError } from "../../core/kernel/errors.js";
import type { Executors, ItemStore } from "../../core/kernel/ports.js";
import { SUPABASE_NAMESPACE } from "../../core/matrix/rows.js";
import { SUPABASE_METRIC_DIMENSION } from "../../core/supabase/metrics.js";
import type { MetricHistoryReader, SupabasePorts } from "../../core/supabase/ports.js";
import { guardTicketOpening } from "../../core/tickets/ledger.js";
import type { BaseRuntime, SupabaseRuntimePorts } from "./runtime.js";

export interface SupabaseWiring {
  config: StageConfig;
  secret: (name: SecretName) => Promise<string>;
  store: ItemStore;
  now: () => Date;
  /** Overrides for tests and local tools: where the metrics endpoint and the trackers are. */
  metricsUrl?: string;
  fetch?: typeof globalThis.fetch;
  history?: MetricHistoryReader;
  cloudWatch?: () => CloudWatchClient;
}

export function supabasePorts(w: SupabaseWiring): { ports: SupabasePorts; executors: Executors } {
  const { config, secret } = w;
  const databaseUrl = () => secret("SUPABASE_DB_URL");
  const usage =
    config.supabase.metricsSource === "prometheus"
      ? prometheusUsageReader({
          url: w.metricsUrl ?? supabaseMetricsUrl(config.supabase.projectRef),
          serviceRoleKey: () => secret("SUPABASE_SERVICE_ROLE_KEY"),
          fetch: w.fetch,
        })
      : sqlUsageReader(databaseUrl);
  const history =
    w.history ??
    lazyHistory(() => {
      if (!w.cloudWatch) throw new ConfigurationError("no CloudWatch client in this runtime");
      return cloudWatchHistory(
        w.cloudWatch(),
        { namespace: SUPABASE_NAMESPACE, dimensions: { [SUPABASE_METRIC_DIMENSION]: config.supabase.projectRef } },
        w.now,
      );
    });
  const { tickets } = config;
  if (tickets.sink === "github") {
    const github = githubIssues({ ...tickets, token: () => secret("GITHUB_TOKEN"), fetch: w.fetch });
    return {
      ports: {
        usage,
        metrics: emfMetricsSink(SUPABASE_NAMESPACE),
        history,
        tickets: github.tracker,
        insights: postgresQueryInsights(databaseUrl),
      },
      executors: {
        "github.issues.create": guardTicketOpening(w.store, w.now, github.create),
        "github.issues.createComment": github.createComment,
      },
    };
  }
  const webhook = ticketWebhook(() => secret("TICKET_WEBHOOK_URL"), w.fetch);
  return {
    ports: {
      usage,
      metrics: emfMetricsSink(SUPABASE_NAMESPACE),
      history,
      tickets: webhook.tracker,
      insights: postgresQueryInsights(databaseUrl),
    },
    executors: { "webhook.post": guardTicketOpening(w.store, w.now, webhook.post) },
  };
}

function lazyHistory(build: () => MetricHistoryReader): MetricHistoryReader {
  let reader: MetricHistoryReader | undefined;
  return {
    read(name, minutes) {
      reader ??= build();
      return reader.read(name, minutes);
    },
  };
}

const extended = new WeakMap<BaseRuntime, BaseRuntime & SupabaseRuntimePorts>();

/**
 * The runtime with the Supabase ports and ticket executors. Only the Supabase functions import this, so the
 * Postgres driver and the metrics parser stay out of every other function's bundle. A runtime that brings
 * its own ports (local world, tests) is used as it is.
 */
export function withSupabase<R extends BaseRuntime>(
  runtime: R & Partial<SupabaseRuntimePorts>,
): R & SupabaseRuntimePorts {
  if (runtime.supabase) return runtime as R & SupabaseRuntimePorts;
  let done = extended.get(runtime);
  if (!done) {
    let cloudWatch: CloudWatchClient | undefined;
    const { ports, executors } = supabasePorts({
      config: runtime.config,
      secret: runtime.secret,
      store: runtime.store,
      now: runtime.now,
      cloudWatch: () => {
        cloudWatch ??= new CloudWatchClient({});
        return cloudWatch;
      },
    });
    done = { ...runtime, supabase: ports, executors: { ...runtime.executors, ...executors } };
    extended.set(runtime, done);
  }
  return done as R & SupabaseRuntimePorts;
}
