/**
 * Tickets: one open ticket per project and reason. A ticket lives in an external tracker (GitHub issues, or
 * whatever a webhook feeds); the state table keeps which one is current (the ledger).
 */

/** Identifies the subject of a ticket: one project, one reason (the matrix row). */
export interface TicketSubject {
  projectRef: string;
  reason: string;
}

export type TicketState = "open" | "closed" | "unknown";

/** The ticket currently standing for a subject. */
export interface TicketLedger {
  /** 1 for the first ticket of the subject, +1 each time a closed one is replaced. */
  generation: number;
  /** The tracker's id of the ticket (GitHub issue number, or the webhook's ticket key). */
  ref: string;
  url?: string;
  openedAt: string;
  /** The alarm transition that opened it. */
  openedBy: string;
}

/** Looks a ticket up in its tracker. */
export interface TicketTracker {
  /** `unknown` when the tracker cannot say (a webhook sink). */
  state(ref: string): Promise<TicketState>;
}

export function subjectKey(subject: TicketSubject): string {
  return `${subject.projectRef}#${subject.reason}`;
}
