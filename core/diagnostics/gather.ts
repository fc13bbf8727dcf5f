/**
 * Diagnostics for a notice, best effort: a page goes out with whatever could be collected, because a page
 * that waits (or fails) on its diagnostics is worse than a page without them.
 */
import { AdapterError } from "../kernel/adapter-errors.js";
import { SERVICES, type Service } from "../matrix/tiers.js";
import type { NoticeDiagnostics, OneServiceDiagnostics } from "../notifications/diagnostics-text.js";
import type { CollectOptions, DiagnosticsReader } from "./port.js";

export type GatherOptions = CollectOptions;

/**
 * @example await gatherDiagnostics(undefined, "backend", options) // { unavailable: "no diagnostics reader is configured" }
 */
export async function gatherDiagnostics(
  reader: DiagnosticsReader | undefined,
  service: Service,
  options: GatherOptions,
): Promise<OneServiceDiagnostics> {
  if (!reader) return { unavailable: "no diagnostics reader is configured" };
  try {
    return await reader.collect(service, options);
  } catch (error) {
    if (error instanceof AdapterError || isAwsServiceError(error)) {
      return { unavailable: `${(error as Error).name}: ${(error as Error).message}` };
    }
    throw error;
  }
}

/**
 * Diagnostics for an alarm target: the service's, or for the load balancer each service's behind it, each
 * best effort on its own.
 * @example await gatherTargetDiagnostics(reader, "alb", options) // { services: { backend: { service: "backend", ... }, frontend: { ... } } }
 */
export async function gatherTargetDiagnostics(
  reader: DiagnosticsReader | undefined,
  target: Service | "alb",
  options: GatherOptions,
): Promise<NoticeDiagnostics> {
  if (target !== "alb") return gatherDiagnostics(reader, target, options);
  const each = await Promise.all(SERVICES.map((service) => gatherDiagnostics(reader, service, options)));
  return { services: Object.fromEntries(SERVICES.map((service, i) => [service, each[i]])) };
}

/** AWS SDK v3 service errors (throttling, access denied, ...) carry `$metadata`; programming errors do not. */
function isAwsServiceError(error: unknown): boolean {
  return error instanceof Error && typeof (error as { $metadata?: unknown }).$metadata === "object";
}
