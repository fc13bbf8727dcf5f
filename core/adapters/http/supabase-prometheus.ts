/**
 * Usage from the project's Prometheus endpoint (`/customer/v1/privileged/metrics`, HTTP Basic auth as
 * `service_role` with the service-role key): connections from `pg_stat_database_num_backends` and
 * `max_connections_connection_count`, egress from the database and pooler network byte counters.
 * https://supabase.com/docs/guides/telemetry/metrics
 */
import parsePrometheusTextFormat, { type ParsedFamily } from "parse-prometheus-text-format";
import { SupabaseReadError } from "../../supabase/errors.js";
import type { SupabaseUsageReader } from "../../supabase/ports.js";
import type { UsageReading } from "../../supabase/usage.js";
import { type HttpAnswer, httpClient } from "./client.js";

export interface PrometheusReaderOptions {
  url: string;
  serviceRoleKey: () => Promise<string>;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

export function supabaseMetricsUrl(projectRef: string): string {
  return `https://${projectRef}.supabase.co/customer/v1/privileged/metrics`;
}

export function prometheusUsageReader(options: PrometheusReaderOptions): SupabaseUsageReader {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const send = httpClient({ timeoutMs }, { fetch: options.fetch });
  return {
    async read() {
      const key = await options.serviceRoleKey();
      const authorization = `Basic ${Buffer.from(`service_role:${key}`).toString("base64")}`;
      let response: HttpAnswer;
      try {
        response = await send({
          api: "Supabase metrics endpoint",
          url: options.url,
          headers: { authorization, accept: "text/plain" },
          secrets: [key, authorization],
        });
      } catch (cause) {
        const timedOut = (cause as Error).name === "TimeoutError";
        throw new SupabaseReadError(
          timedOut ? "timeout" : "unreachable",
          timedOut
            ? `metrics endpoint did not answer within ${timeoutMs} ms`
            : `metrics endpoint unreachable: ${(cause as Error).message}`,
          { cause },
        );
      }
      if (response.status === 401 || response.status === 403) {
        throw new SupabaseReadError(
          "unauthorized",
          `metrics endpoint refused the service-role key (HTTP ${response.status}): check SUPABASE_SERVICE_ROLE_KEY`,
        );
      }
      if (!response.ok) {
        throw new SupabaseReadError("http-status", `metrics endpoint answered HTTP ${response.status}`);
      }
      return readExposition(response.text);
    },
  };
}

const NUM_BACKENDS = "pg_stat_database_num_backends";
const MAX_CONNECTIONS = ["max_connections_connection_count", "pg_settings_max_connections"];
/** "postgres and pgbouncer network transmit bytes": the closest thing to database egress the endpoint has. */
const DB_TRANSMIT = "db_transmit_bytes";
const NODE_TRANSMIT = "node_network_transmit_bytes_total";

/**
 * Reads usage out of an exposition text.
 * @example readExposition('pg_stat_database_num_backends 5\nmax_connections_connection_count 60\n').connections // { active: 5, max: 60 }
 */
export function readExposition(text: string): UsageReading {
  const families = new Map<string, ParsedFamily>();
  for (const family of parsePrometheusTextFormat(text)) families.set(family.name, family);

  const backends = samples(families, NUM_BACKENDS);
  if (!backends) throw missing(NUM_BACKENDS, families);
  const maxName = MAX_CONNECTIONS.find((name) => families.has(name));
  const maxSamples = maxName ? samples(families, maxName) : undefined;
  if (!maxSamples) throw missing(MAX_CONNECTIONS.join(" or "), families);

  const active = backends.reduce((sum, s) => sum + s.value, 0);
  const max = Math.max(...maxSamples.map((s) => s.value));
  if (!(max > 0)) throw new SupabaseReadError("malformed", `max_connections is ${max}: cannot compute a utilisation`);

  // Prefer the database's own counter; the host's interfaces (minus loopback) are the fallback.
  const transmit =
    samples(families, DB_TRANSMIT) ??
    samples(families, NODE_TRANSMIT)?.filter((s) => s.labels.device !== "lo" && s.labels.device !== undefined);
  const egressCounters = transmit?.length
    ? Object.fromEntries(transmit.map((s) => [seriesKey(s.name, s.labels), s.value]))
    : undefined;
  return { source: "prometheus", connections: { active, max }, ...(egressCounters && { egressCounters }) };
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function samples(families: Map<string, ParsedFamily>, name: string): Sample[] | undefined {
  const family = families.get(name);
  if (!family) return undefined;
  const out = family.metrics.map((m) => ({ name, labels: m.labels ?? {}, value: Number(m.value) }));
  const bad = out.find((s) => !Number.isFinite(s.value) || s.value < 0);
  if (bad) {
    throw new SupabaseReadError(
      "malformed",
      `${name}${JSON.stringify(bad.labels)} has the value ${family.metrics[out.indexOf(bad)]?.value}`,
    );
  }
  return out.length ? out : undefined;
}

function missing(name: string, families: Map<string, ParsedFamily>): SupabaseReadError {
  // A login page or an error body parses as a few nonsense "metrics": say so rather than "missing".
  const looksLikeMetrics = [...families.keys()].some((n) => /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(n) && n.includes("_"));
  return new SupabaseReadError(
    looksLikeMetrics ? "missing-metric" : "malformed",
    looksLikeMetrics
      ? `the metrics endpoint exposes no ${name}`
      : "the metrics endpoint did not answer with Prometheus exposition text",
  );
}

/** A stable identity for one series: its name and its labels in sorted order. */
function seriesKey(name: string, labels: Record<string, string>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k]}"`)
    .join(",");
  return sorted ? `${name}{${sorted}}` : name;
}
