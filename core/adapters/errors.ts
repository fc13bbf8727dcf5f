/** Errors the adapters raise themselves, beyond the SDK's: each names what failed and keeps its cause. */
import { Hero365Error } from "../errors.js";

/** PutEvents answered, but some entries were not put, even after retrying the retryable ones. */
export class PutEventsFailedError extends Hero365Error {
  constructor(readonly failures: { index: number; errorCode?: string; errorMessage?: string }[]) {
    super(
      `PutEvents failed for ${failures.length} entr${failures.length === 1 ? "y" : "ies"}: ${failures
        .map((f) => `#${f.index} ${f.errorCode ?? "unknown"}${f.errorMessage ? ` (${f.errorMessage})` : ""}`)
        .join(", ")}`,
    );
    this.name = "PutEventsFailedError";
  }
}
