/**
 * The ticket effects, named after the APIs that carry them out: GitHub's REST operations, or one POST to a
 * webhook. A new ticket carries its subject and generation, so the executor can make sure only one ticket
 * per subject and generation is ever opened.
 */
import type { TicketSubject } from "./types.js";

export interface NewTicket {
  subject: TicketSubject;
  generation: number;
  /** The alarm transition asking for it. */
  transition: string;
}

/** POST /repos/{owner}/{repo}/issues */
export interface GithubIssuesCreate {
  type: "github.issues.create";
  owner: string;
  repo: string;
  title: string;
  body: string;
  labels: string[];
  ticket: NewTicket;
}

/** POST /repos/{owner}/{repo}/issues/{issue_number}/comments */
export interface GithubIssuesCreateComment {
  type: "github.issues.createComment";
  owner: string;
  repo: string;
  issueNumber: number;
  body: string;
}

/** POST to the TICKET_WEBHOOK_URL: `ticket.opened` (with `ticket`) or `ticket.commented`. */
export interface WebhookPost {
  type: "webhook.post";
  event: "ticket.opened" | "ticket.commented";
  /** Stable key of the ticket for the receiving automation: `<project>#<reason>#<generation>`. */
  ticketKey: string;
  title: string;
  body: string;
  labels: string[];
  ticket?: NewTicket;
}

declare module "../kernel/effects.js" {
  interface EffectRegistry {
    "github.issues.create": GithubIssuesCreate;
    "github.issues.createComment": GithubIssuesCreateComment;
    "webhook.post": WebhookPost;
  }
}
