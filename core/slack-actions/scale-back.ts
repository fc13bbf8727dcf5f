/**
 * Scale back now: the scale-out episode closed by hand with the plan its OK would have made — the floor back to
 * the tier minimum (unless another scale-out alarm of the service still fires), the episode closed, the
 * resolved notice — under the same step key as the OK path (`close#<episode>`), so the click and a later OK
 * close the episode once between them. Refused politely when the episode is closed or its alarm is OK again
 * (its OK restores the floor by itself).
 */
import { routeAlarm } from "../alarms/event.js";
import { parseEpisodeKey } from "../episodes/key.js";
import { readScaleOutEpisode } from "../episodes/store.js";
import { effect } from "../kernel/effects.js";
import type { Plan } from "../kernel/plan.js";
import { isServiceTarget } from "../matrix/rows.js";
import { planScaleOut, type ScaleOutContext } from "../scaling/plan-scale-out.js";
import type { Click } from "./buttons.js";
import { notAllowed, politely } from "./decide.js";
import "./effects.js";

/**
 * @example (await planScaleBack(click, true, ctx)).effects[0]?.type // "applicationautoscaling.RegisterScalableTarget"
 */
export async function planScaleBack(click: Click, allowed: boolean, ctx: ScaleOutContext): Promise<Plan> {
  const { stage } = ctx;
  if (!allowed) return notAllowed({ click, stage });
  const episodeKey = click.value.episode ?? "";
  const { alarmName, openedAt } = parseEpisodeKey(episodeKey) ?? { alarmName: episodeKey, openedAt: "" };
  const routed = routeAlarm(alarmName, ctx.config.alarmStage, "scale-out");
  if (!routed || !isServiceTarget(routed.target)) {
    return politely(
      click,
      "not-scale-out",
      `${episodeKey} is not a scale-out episode`,
      `${alarmName} does not scale out: nothing to scale back.`,
    );
  }
  const [episode, alarm] = await Promise.all([
    readScaleOutEpisode(ctx.ports.store, episodeKey),
    ctx.ports.alarms.read(alarmName),
  ]);
  if (!episode || episode.status === "closed") {
    return politely(
      click,
      "episode-closed",
      `${click.user} asked to scale back ${episodeKey}, ${episode ? "already closed" : "not on record"}`,
      `The episode of ${alarmName} ${episode ? `closed at ${episode.closedAt ?? "an earlier time"}` : "is not on record"}: nothing to scale back.`,
    );
  }
  if (alarm?.value === "OK") {
    return politely(
      click,
      "alarm-ok",
      `${click.user} asked to scale back ${episodeKey}, whose alarm is OK now`,
      `${alarmName} is OK now: its OK restores the floor by itself.`,
    );
  }
  if (ctx.config.safety.dryRun) {
    return politely(
      click,
      "shadow",
      `shadow mode: would have scaled back ${episodeKey} for ${click.user}`,
      `${stage} is in shadow mode (safety.dryRun): nothing changed. Would have closed ${alarmName}'s episode and restored the floor.`,
    );
  }
  const at = ctx.now.toISOString();
  const close = await planScaleOut(
    {
      id: `slack#${click.user}#${click.actionTs}`,
      alarmName,
      state: { value: "OK", timestamp: at, reason: `scaled back from Slack by ${click.user}` },
      previousState: { value: "ALARM", timestamp: openedAt, reason: "the episode's ALARM" },
    },
    ctx,
  );
  if (close.outcome === "skip") return close;
  return {
    ...close,
    reason: `${click.user} scaled back from Slack: ${close.reason}`,
    effects: [
      ...close.effects,
      effect(
        {
          type: "slack.respond",
          url: click.responseUrl,
          responseType: "in_channel",
          text: `<@${click.user}> scaled back ${routed.target}: ${close.reason}.`,
        },
        "tell the channel who scaled back",
      ),
    ],
  };
}
