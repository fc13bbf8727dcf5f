/**
 * What can go wrong reading Supabase's signals. Each carries a short `reason` code the collector logs and
 * reports, and keeps its `cause`.
 */
import { Hero365Error } from "../kernel/errors.js";

export type ReadFailure =
  | "unauthorized"
  | "http-status"
  | "unreachable"
  | "timeout"
  | "malformed"
  | "missing-metric"
  | "database";

/** Reading Supabase metrics (endpoint or SQL) failed; nothing was measured. */
export class SupabaseReadError extends Hero365Error {
  constructor(
    readonly reason: ReadFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "SupabaseReadError";
  }
}
