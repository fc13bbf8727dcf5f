import { describe, expect, it } from "vitest";
import { channelsOf } from "../../core/episodes/notifications.js";
import { AUTOMATION_BLOCK_ID, type SlackBlock } from "../../core/notifications/block-kit.js";
import { slackMessage } from "../../core/notifications/slack-blocks.js";
import { ButtonValueSchema, isSlackActionId, SLACK_ACTIONS } from "../../core/slack-actions/buttons.js";
import { testConfig } from "../support/config.js";
import { episode, scaleOutNotice } from "../support/notices.js";

const AT = "2026-11-27T09:14:05.000Z";
const base = testConfig("prod");
const allowing = {
  ...base,
  slackActions: { ...base.slackActions, allow: { ...base.slackActions.allow, pause: ["U024BE7LH"] } },
};
const automation = (blocks: SlackBlock[]) =>
  blocks.find(
    (b): b is Extract<SlackBlock, { block_id: string }> => "block_id" in b && b.block_id === AUTOMATION_BLOCK_ID,
  );

describe("the Pause/Resume buttons on an episode's message", () => {
  it("are there when someone may press them: 1 h, 4 h, until resumed, Resume, each naming the stage", () => {
    const { blocks } = slackMessage(scaleOutNotice(), episode({ channels: channelsOf(allowing) }), AT);

    const buttons = automation(blocks)?.elements ?? [];
    expect(buttons.map((b) => b.text.text)).toEqual(["Pause 1 h", "Pause 4 h", "Pause until resumed", "Resume"]);
    expect(buttons.map((b) => ButtonValueSchema.parse(JSON.parse(b.value)))).toEqual([
      { stage: "prod", hours: 1 },
      { stage: "prod", hours: 4 },
      { stage: "prod" },
      { stage: "prod" },
    ]);
    // Slack refuses a block whose action ids repeat; every one must come back to a known action.
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(4);
    for (const b of buttons) expect(isSlackActionId(b.action_id) && SLACK_ACTIONS[b.action_id]).toBeTruthy();
    expect(blocks.at(-1)).toMatchObject({ type: "context" });
  });

  it("are absent when nobody may press them, on a resolved episode, and on a personal stage", () => {
    expect(automation(slackMessage(scaleOutNotice(), episode(), AT).blocks)).toBeUndefined();
    const resolved = scaleOutNotice({ kind: "resolved", state: "OK", action: undefined, costDelta: undefined });
    expect(automation(slackMessage(resolved, episode({ channels: channelsOf(allowing) }), AT).blocks)).toBeUndefined();
    const personal = { ...allowing, role: { kind: "personal" as const, shadows: "prod" } };
    expect(channelsOf(personal).slack.automationButtons).toBeUndefined();
  });

  it("add Scale back on a scale-out episode, Acknowledge on a paged one, Approve on a plan-upgrade ticket", () => {
    const everyone = {
      ...base,
      slackActions: {
        ...base.slackActions,
        allow: { pause: [], resume: [], scaleBack: ["U1"], acknowledge: ["U1"], approve: ["U1"] },
      },
    };
    const channels = channelsOf(everyone);
    const ids = (notice: ReturnType<typeof scaleOutNotice>, paged: boolean) =>
      (automation(slackMessage(notice, episode({ channels, paged }), AT).blocks)?.elements ?? []).map(
        (b) => b.action_id,
      );

    expect(ids(scaleOutNotice(), false)).toEqual(["hero365.scale-back"]);
    expect(ids(scaleOutNotice(), true)).toEqual(["hero365.acknowledge", "hero365.scale-back"]);
    expect(ids(scaleOutNotice({ row: "db-connections-high", target: "supabase" }), false)).toEqual([
      "hero365.approve-upgrade",
    ]);
    const [scaleBack] = automation(slackMessage(scaleOutNotice(), episode({ channels }), AT).blocks)?.elements ?? [];
    expect(ButtonValueSchema.parse(JSON.parse(scaleBack?.value ?? "{}"))).toEqual({
      stage: "prod",
      episode: episode().key,
    });
  });
});
