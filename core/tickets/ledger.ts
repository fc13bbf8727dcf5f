/**
 * The ticket ledger in the state table, and the guard that keeps "one open ticket per project and reason"
 * under concurrency: opening generation N of a subject is a step claimed with a conditional write
 * (`ticket#<project>#<reason>#g<N>`), so of two invocations racing to open it one wins and the other fails
 * with `TicketRaceError`; its retry finds the ledger and comments instead.
 */
import type { ExecutionContext, Executor, ItemStore } from "../kernel/ports.js";
import { claimStep, completeStep, releaseStep } from "../kernel/steps.js";
import type { NewTicket } from "./effects.js";
import { TicketRaceError } from "./errors.js";
import { subjectKey, type TicketLedger, type TicketSubject } from "./types.js";

/** The step that guards opening generation N of a subject's ticket. */
export function ticketStepKey(ticket: Pick<NewTicket, "subject" | "generation">): string {
  return `ticket#${subjectKey(ticket.subject)}#g${ticket.generation}`;
}

/** Long lease: a GitHub call can be slow, and a second ticket is worse than a late retry. */
export const TICKET_STEP_LEASE_SECONDS = 300;

function ledgerKey(subject: TicketSubject) {
  return { pk: `TICKET#${subjectKey(subject)}`, sk: "CURRENT" };
}

export async function readLedger(store: ItemStore, subject: TicketSubject): Promise<TicketLedger | undefined> {
  const key = ledgerKey(subject);
  const item = await store.get(key.pk, key.sk);
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, ...ledger } = item;
  return ledger as unknown as TicketLedger;
}

/** What an opening executor returns: the tracker's id and link of the new ticket. */
export interface OpenedTicket {
  ref: string;
  url?: string;
}

/**
 * Wraps the executor that opens a ticket: claim the subject's generation, open, record it in the ledger. The
 * claim is the kernel's when the plan held it beside its own step (`Plan.alongside`), so opening waits for no
 * write of its own.
 * @example guardTicketOpening(store, now, githubCreate) // Executor<"github.issues.create">
 */
export function guardTicketOpening<E extends { ticket?: NewTicket }>(
  store: ItemStore,
  now: () => Date,
  open: (effect: E) => Promise<OpenedTicket>,
): (effect: E, context?: ExecutionContext) => Promise<OpenedTicket> {
  return async (effect, context) => {
    const ticket = effect.ticket;
    if (!ticket) return open(effect);
    const step = ticketStepKey(ticket);
    const held = context?.held?.take(step) ?? false;
    if (!held && (await claimStep(store, step, now(), TICKET_STEP_LEASE_SECONDS)).status !== "claimed")
      throw new TicketRaceError(subjectKey(ticket.subject));
    let opened: OpenedTicket;
    try {
      opened = await open(effect);
    } catch (error) {
      await releaseStep(store, step);
      throw error;
    }
    const ledger: TicketLedger = {
      generation: ticket.generation,
      ref: opened.ref,
      ...(opened.url && { url: opened.url }),
      openedAt: now().toISOString(),
      openedBy: ticket.transition,
    };
    // Only ever moves forward: a slow writer of an older generation cannot overwrite a newer ticket.
    await store.put(
      { ...ledgerKey(ticket.subject), ...ledger },
      { kind: "absentOrBelow", attribute: "generation", value: ticket.generation },
    );
    await completeStep(store, step, now(), opened);
    return opened;
  };
}

export type TicketExecutors = {
  "github.issues.create"?: Executor<"github.issues.create">;
  "github.issues.createComment"?: Executor<"github.issues.createComment">;
  "webhook.post"?: Executor<"webhook.post">;
};
