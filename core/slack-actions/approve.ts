/**
 * Approve upgrade (pure): a comment on the plan-upgrade ticket that names the Slack user who approved. It
 * changes neither the Supabase plan nor the tier: those are deploys of a reviewed hero365.config.ts
 * (docs/slack-actions.md says why). Refused politely when there is no ticket or it is closed.
 */
import type { StageConfig } from "../config/index.js";
import { effect } from "../kernel/effects.js";
import type { Plan } from "../kernel/plan.js";
import type { TicketLedger, TicketState } from "../tickets/types.js";
import type { Click } from "./buttons.js";
import { notAllowed, politely, shadowOr } from "./decide.js";
import "../tickets/effects.js";
import "./effects.js";

export interface ApproveInput {
  stage: string;
  config: StageConfig;
  now: Date;
  click: Click;
  allowed: boolean;
  /** The matrix row the ticket is for (its reason), e.g. `db-connections-high`. */
  reason: string;
  ledger: TicketLedger | undefined;
  ticketState: TicketState | undefined;
}

/**
 * @example decideApprove(input).effects[0]?.type // "github.issues.createComment"
 */
export function decideApprove(input: ApproveInput): Plan {
  const { click, config, ledger, stage } = input;
  if (!input.allowed) return notAllowed(input);
  const { tickets } = config;
  if (tickets.sink !== "github") {
    return politely(
      click,
      "webhook-tickets",
      `${click.user} asked to approve an upgrade; ${stage}'s tickets go to a webhook`,
      `${stage}'s tickets go to a webhook (Jira, Linear): record the approval on the ticket there.`,
    );
  }
  if (!ledger) {
    return politely(
      click,
      "no-ticket",
      `${click.user} asked to approve an upgrade; ${stage} has no ${input.reason} ticket`,
      `There is no ${input.reason} ticket on ${stage} to approve.`,
    );
  }
  const issue = `${tickets.owner}/${tickets.repo}#${ledger.ref}`;
  if (input.ticketState === "closed") {
    return politely(
      click,
      "ticket-closed",
      `${click.user} asked to approve ${issue}, which is closed`,
      `${issue} is closed: nothing to approve.`,
    );
  }
  const did = `${click.user} approved the upgrade of ${issue}`;
  const body = [
    `Approved from Slack by Slack user \`${click.user}\` at ${input.now.toISOString()}.`,
    "",
    "This records the approval only: the pipeline changes neither the Supabase plan nor the tier by itself. " +
      "Make the change in hero365.config.ts, have it reviewed, and deploy it.",
  ].join("\n");
  return shadowOr(
    input,
    did,
    [
      effect(
        {
          type: "github.issues.createComment",
          owner: tickets.owner,
          repo: tickets.repo,
          issueNumber: Number(ledger.ref),
          body,
        },
        did,
      ),
      effect(
        {
          type: "slack.respond",
          url: click.responseUrl,
          responseType: "in_channel",
          text: `<@${click.user}> approved the upgrade on ${issue} (recorded on the ticket; the plan changes by a reviewed deploy).`,
        },
        "tell the channel who approved",
      ),
    ],
    `slack-actions#${stage}#approve#${input.reason}#g${ledger.generation}#${click.user}`,
  );
}
