import { Hero365Error } from "../kernel/errors.js";

/** The database's query statistics cannot be read (no connection, no pg_stat_statements, no permission). */
export class InsightsUnavailableError extends Hero365Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "InsightsUnavailableError";
  }
}
