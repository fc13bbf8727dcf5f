import { Hero365Error } from "../kernel/errors.js";

/** Another invocation is opening (or has just opened) the ticket of this subject: retry, and comment then. */
export class TicketRaceError extends Hero365Error {
  constructor(readonly subject: string) {
    super(`a ticket for ${subject} is being opened by another invocation; the retry will comment on it`);
    this.name = "TicketRaceError";
  }
}

/** The ticket tracker's API refused or failed a call; `status` is its HTTP status. */
export class TicketApiError extends Hero365Error {
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "TicketApiError";
  }
}
