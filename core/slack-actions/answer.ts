/**
 * The Slack interactivity endpoint: one click in, one answer out. Checks run cheapest first and tell an
 * unauthenticated sender nothing about the payload: method, size, signature, then the form, the payload, the
 * button and its stage, and last the replay record. A valid click is authorised, decided and carried out like
 * any reaction (claimed, applied or recorded, audited with the Slack user) and answered 200; Slack shows the
 * outcome from the `response_url` reply. Pause and Resume act inside the answer (one SSM write and the reply);
 * a click whose plan calls a slower API is handed to an asynchronous invocation (./hand-off.ts) and answered
 * at once, so the answer stays inside Slack's 3 seconds.
 */

import { type SlackBlockActions, SlackBlockActionsSchema } from "../../events/schemas/slack-block-actions.js";
import type { StageConfig } from "../config/index.js";
import { parseEpisodeKey } from "../episodes/key.js";
import { readEpisodes } from "../episodes/store.js";
import { applyEffects } from "../kernel/applier.js";
import { writeAudit } from "../kernel/audit.js";
import { effect } from "../kernel/effects.js";
import { ConfigurationError, InvalidEventError, StepInProgressError } from "../kernel/errors.js";
import type { HttpRequest, HttpResponse } from "../kernel/http.js";
import { parseEvent } from "../kernel/parse.js";
import type { Plan } from "../kernel/plan.js";
import { carryOut, type ReactionContext, type ReactionResult } from "../kernel/reaction.js";
import type { ScaleOutPorts } from "../scaling/plan-scale-out.js";
import { readLedger } from "../tickets/ledger.js";
import { decideAcknowledge } from "./acknowledge.js";
import { decideApprove } from "./approve.js";
import { isAllowed } from "./authorise.js";
import type { Click } from "./buttons.js";
import { ButtonValueSchema, isSlackActionId, SLACK_ACTIONS } from "./buttons.js";
import { decideClick } from "./decide.js";
import { SlackRequestRejectedError } from "./errors.js";
import { handOff, isSlow, parseHandedOffClick } from "./hand-off.js";
import type { SlackActionPorts } from "./ports.js";
import { planScaleBack } from "./scale-back.js";
import { verifySlackRequest } from "./verify.js";

/** Far above any block_actions payload of our messages (the message's blocks come back in it). */
export const MAX_BODY_BYTES = 256 * 1024;
/** A signature is remembered past the tolerance of its timestamp, so a replay inside the window is caught. */
const REPLAY_MEMORY_SECONDS = 10 * 60;

export interface SlackActionsContext {
  stage: string;
  config: StageConfig;
  /** The app's signing secret, read only for requests that pass the size check. */
  secret: () => Promise<string>;
  ports: SlackActionPorts;
  /** What Scale back reads, as scale-ecs does (the OK path's plan). */
  scaling?: ScaleOutPorts;
  /** The kill switch parameter's name. */
  parameterName: string;
  reaction: ReactionContext;
  /** The function's own name: a slow click is handed to an asynchronous invocation of it. */
  self?: string;
}

/**
 * @example (await answerSlackAction({ method: "POST", headers, body: "payload=%7B…" }, ctx)).status // 200
 */
export async function answerSlackAction(request: HttpRequest, ctx: SlackActionsContext): Promise<HttpResponse> {
  let click: Click;
  try {
    click = await admit(request, ctx);
  } catch (error) {
    if (!(error instanceof SlackRequestRejectedError)) throw error;
    return {
      status: error.status,
      body: { error: error.code, message: error.message },
      ...(error.code === "method-not-allowed" && { headers: { allow: "POST" } }),
    };
  }
  const decided = await decide(click, ctx);
  const plan = isSlow(decided) ? handOff(click, decided, needSelf(ctx), ctx.stage) : decided;
  const status = await carryOutClick(click, plan, ctx);
  return {
    status: 200,
    body: {
      outcome: plan.outcome,
      ...(plan.code && { code: plan.code }),
      status,
      ...(plan !== decided && { handedOff: true }),
    },
    note: plan.reason,
  };
}

/**
 * The second half of a slow click, in an asynchronous invocation: decide afresh (the world may have moved in
 * the meantime) and carry out. The click was verified and authorised by the answer; it is trusted as it comes,
 * since only the function's own role can invoke it. A retry of a failed attempt resumes or re-decides
 * (core/kernel/reaction.ts); a second delivery of a done click finds its step done and changes nothing.
 */
export async function carryOutHandedOffClick(
  event: unknown,
  ctx: Omit<SlackActionsContext, "secret" | "self">,
): Promise<{ outcome: Plan["outcome"]; code?: string; status: string }> {
  const { click } = parseHandedOffClick(event);
  if (click.value.stage !== ctx.stage) {
    throw new InvalidEventError(`handed-off click acts on stage ${click.value.stage}, this is ${ctx.stage}`);
  }
  const plan = await decide(click, ctx);
  const status = await carryOutClick(click, plan, ctx);
  return { outcome: plan.outcome, ...(plan.code && { code: plan.code }), status };
}

/** Claims, applies and audits the click's plan; a click that lost the claim to another is told so. */
async function carryOutClick(
  click: Click,
  plan: Plan,
  ctx: Pick<SlackActionsContext, "stage" | "reaction">,
): Promise<ReactionResult["status"]> {
  const meta = { subject: `slack-actions#${ctx.stage}`, eventId: `${click.user}#${click.actionTs}` };
  let result: ReactionResult | undefined;
  try {
    result = await carryOut(plan, meta, ctx.reaction);
  } catch (error) {
    if (!(error instanceof StepInProgressError)) throw error;
    // Another click holds the claim right now: this click is audited as the duplicate it is.
    await writeAudit(ctx.reaction.store, {
      ...meta,
      at: ctx.reaction.now().toISOString(),
      functionName: ctx.reaction.functionName,
      stage: ctx.stage,
      plan,
      mode: ctx.reaction.dryRun ? "dry-run" : "live",
      outcome: "duplicate",
      applied: [],
    });
  }
  if (!result || result.status === "duplicate") {
    // Another click on the same state won the claim: this one changes nothing, and says so.
    await applyEffects(
      [
        effect(
          {
            type: "slack.respond",
            url: click.responseUrl,
            responseType: "ephemeral",
            text: `Another click on the automation of ${ctx.stage} was handled first: this one changed nothing.`,
          },
          `tell ${click.user} their click lost to another`,
        ),
      ],
      ctx.reaction,
    );
  }
  return result?.status ?? "duplicate";
}

function needSelf(ctx: SlackActionsContext): string {
  if (!ctx.self) throw new ConfigurationError("this runtime does not know its function's name for the hand-off");
  return ctx.self;
}

/** Reads what the click's decision needs, through the ports, and decides. */
async function decide(click: Click, ctx: Omit<SlackActionsContext, "secret" | "self">): Promise<Plan> {
  const now = ctx.reaction.now();
  const allowed = await isAllowed(ctx.config, click.kind, click.user, ctx.ports.userGroups);
  if (click.kind === "acknowledge") {
    const episodeKey = click.value.episode ?? "";
    const { alarmName, openedAt } = parseEpisodeKey(episodeKey) ?? { alarmName: episodeKey, openedAt: "" };
    const [episodes, alarm] = await Promise.all([
      readEpisodes(ctx.reaction.store, alarmName),
      needAlarms(ctx.ports).read(alarmName),
    ]);
    const episode = episodes.find((e) => Date.parse(e.openedAt) === Date.parse(openedAt));
    return decideAcknowledge({
      stage: ctx.stage,
      config: ctx.config,
      click,
      allowed,
      episodeKey,
      episode,
      alarmState: alarm?.value,
    });
  }
  if (click.kind === "scaleBack") {
    if (!ctx.scaling) throw new ConfigurationError("this runtime has no scaling readers for Scale back");
    return planScaleBack(click, allowed, { stage: ctx.stage, config: ctx.config, now, ports: ctx.scaling });
  }
  if (click.kind === "approve") {
    const reason = click.value.ticket ?? "";
    const ledger = await readLedger(ctx.reaction.store, { projectRef: ctx.config.supabase.projectRef, reason });
    const ticketState = ledger && ctx.ports.tickets ? await ctx.ports.tickets.state(ledger.ref) : undefined;
    return decideApprove({ stage: ctx.stage, config: ctx.config, now, click, allowed, reason, ledger, ticketState });
  }
  const killSwitch = await ctx.ports.killSwitch.read();
  return decideClick({
    stage: ctx.stage,
    config: ctx.config,
    now,
    click,
    allowed,
    killSwitch,
    parameterName: ctx.parameterName,
  });
}

function needAlarms(ports: SlackActionPorts) {
  if (!ports.alarms) throw new ConfigurationError("this runtime has no alarm reader for the Slack actions");
  return ports.alarms;
}

async function admit(request: HttpRequest, ctx: SlackActionsContext): Promise<Click> {
  if (request.method !== "POST") {
    throw new SlackRequestRejectedError("method-not-allowed", `${request.method} is not allowed: POST the interaction`);
  }
  if (request.body.length > MAX_BODY_BYTES || Buffer.byteLength(request.body) > MAX_BODY_BYTES) {
    throw new SlackRequestRejectedError("too-large", `body over ${MAX_BODY_BYTES} bytes`);
  }
  const { signature, timestamp } = verifySlackRequest(request.headers, request.body, {
    secret: await ctx.secret(),
    now: ctx.reaction.now(),
  });
  const type = request.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    throw new SlackRequestRejectedError("unsupported-media-type", "expected application/x-www-form-urlencoded");
  }
  const payload = parsePayload(request.body);
  const [action] = payload.actions;
  if (!action || !isSlackActionId(action.action_id)) {
    throw invalid(`unknown action ${JSON.stringify(action?.action_id)}: not a button of this pipeline`);
  }
  const value = parseValue(action.value);
  if (value.stage !== ctx.stage) {
    throw new SlackRequestRejectedError("wrong-stage", `the button acts on stage ${value.stage}, this is ${ctx.stage}`);
  }
  const kind = SLACK_ACTIONS[action.action_id];
  if (kind === "approve" && !value.ticket) throw invalid("an Approve upgrade button names its ticket");
  if (kind === "acknowledge" || kind === "scaleBack") {
    if (!value.episode) throw invalid("this button names its episode");
    if (!value.episode.startsWith(`hero365-${ctx.config.alarmStage}-`)) {
      throw new SlackRequestRejectedError("wrong-stage", `episode ${value.episode} is not one of stage ${ctx.stage}`);
    }
  }
  if (!payload.response_url.startsWith(ctx.config.slackActions.responseUrlPrefix)) {
    throw invalid(`response_url does not start with ${ctx.config.slackActions.responseUrlPrefix}`);
  }
  // Last, so a refused request leaves nothing behind; a replay of one is refused again for the same reason.
  const fresh = await ctx.reaction.store.put(
    { pk: `SLACKREQ#${ctx.stage}`, sk: signature, expiresAt: timestamp + REPLAY_MEMORY_SECONDS },
    { kind: "absent" },
  );
  if (!fresh) throw new SlackRequestRejectedError("unauthorized", "this signed request was already received (replay)");
  return {
    kind,
    user: payload.user.id,
    value,
    responseUrl: payload.response_url,
    actionTs: action.action_ts,
    ...(payload.message?.blocks && { messageBlocks: payload.message.blocks }),
  };
}

function parsePayload(body: string): SlackBlockActions {
  const json = new URLSearchParams(body).get("payload");
  if (json === null) throw invalid("no payload field in the form");
  try {
    return parseEvent(SlackBlockActionsSchema, JSON.parse(json), "Slack interaction payload");
  } catch (error) {
    if (error instanceof SyntaxError) throw invalid(`payload is not JSON: ${error.message}`, error);
    if (error instanceof InvalidEventError) throw invalid(error.message, error);
    throw error;
  }
}

function parseValue(raw: string) {
  try {
    return parseEvent(ButtonValueSchema, JSON.parse(raw), "button value");
  } catch (error) {
    if (error instanceof SyntaxError) throw invalid(`button value is not JSON: ${error.message}`, error);
    if (error instanceof InvalidEventError) throw invalid(error.message, error);
    throw error;
  }
}

function invalid(message: string, cause?: unknown): SlackRequestRejectedError {
  return new SlackRequestRejectedError("invalid-payload", message, cause === undefined ? undefined : { cause });
}
