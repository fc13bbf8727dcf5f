import { describe, expect, it } from "vitest";
import { effectsOfType } from "../../core/kernel/effects.js";
import type { SlackBlock } from "../../core/notifications/block-kit.js";
import { slackMessage, slackReply } from "../../core/notifications/slack-blocks.js";
import { decideScaleOut } from "../../core/scaling/decide.js";
import { blockTexts, episode, scaleOutNotice } from "../support/notices.js";
import { scaleInput } from "../support/scaling.js";

const AT = "2026-11-27T09:14:05.000Z";

describe("the Slack status card of an episode", () => {
  it("shows a scale-out's service, from → to counts, cost delta and both console links", () => {
    const { text, blocks } = slackMessage(scaleOutNotice(), episode(), AT);
    const texts = blockTexts(blocks);

    expect(blocks[0]).toMatchObject({ type: "header", text: { type: "plain_text" } });
    expect(texts[0]).toContain("ACTION");
    expect(texts[0]).toContain("backend: CPU above 70 %");
    expect(texts).toContain("*Service*\nbackend (hero365-backend)");
    expect(texts).toContain("*Action taken*\nbackend floor 4 → 6");
    expect(texts).toContain("*Cost delta*\n+$59.10/month (2 × 1 vCPU, 2 GB Fargate tasks)");
    expect(texts).toContain("*Value vs threshold*\n84.2 % &gt; 70 %");
    expect(texts).toContain("*Window*\n5 × 1 min");

    const buttons = blocks.filter((b): b is Extract<SlackBlock, { type: "actions" }> => b.type === "actions");
    expect(buttons).toHaveLength(1);
    expect(buttons[0]?.elements.map((b) => [b.text.text, b.url])).toEqual([
      [
        "CloudWatch alarm",
        "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/hero365-prod-cpu-high-backend",
      ],
      [
        "ECS service",
        "https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/hero365-cluster/services/hero365-backend/health?region=us-east-1",
      ],
    ]);
    expect(new Set(buttons[0]?.elements.map((b) => b.action_id)).size).toBe(2);

    expect(blocks.at(-1)).toMatchObject({ type: "context" });
    expect(texts.at(-1)).toContain("stage *prod*");
    expect(texts.at(-1)).toContain("hero365-prod-cpu-high-backend#2026-11-27T09:14:03.118+0000");
    expect(text).toBe("[ACTION] hero365 prod backend: CPU above 70 %");
  });

  it("on resolve, shows how long the episode lasted and every action it took", () => {
    const resolved = scaleOutNotice({ kind: "resolved", state: "OK", action: undefined, costDelta: undefined });
    const state = episode({
      phase: "open",
      actions: [
        { at: "2026-11-27T09:14:05.000Z", text: "backend floor 4 → 6" },
        { at: "2026-11-27T09:19:10.000Z", text: "backend floor 6 → 9" },
      ],
    });
    const texts = blockTexts(slackMessage(resolved, state, "2026-11-27T10:19:03.118+0000").blocks);
    expect(texts[0]).toContain("RESOLVED");
    expect(texts).toContain("*Resolved* after 1 h 5 min.\n*Actions taken:* backend floor 4 → 6; backend floor 6 → 9");
  });

  it("lists the actions so far while the episode is open, the notice's own once", () => {
    const state = episode({ phase: "open", actions: [{ at: AT, text: "backend floor 4 → 6" }] });
    const texts = blockTexts(slackMessage(scaleOutNotice(), state, AT).blocks);
    expect(texts).toContain("*Actions so far:* backend floor 4 → 6");
  });

  it("escapes Slack's control characters in what comes from outside", () => {
    const notice = scaleOutNotice({ summary: "5xx from <script> & friends > 1 %" });
    expect(blockTexts(slackMessage(notice, episode(), AT).blocks)).toContain(
      "5xx from &lt;script&gt; &amp; friends &gt; 1 %",
    );
  });

  it("keeps every text within Block Kit's limits", () => {
    const notice = scaleOutNotice({ title: "x".repeat(400), summary: "y".repeat(5000) });
    const { blocks } = slackMessage(notice, episode(), AT);
    const header = blocks[0] as Extract<SlackBlock, { type: "header" }>;
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    for (const text of blockTexts(blocks)) expect(text.length).toBeLessThanOrEqual(3000);
  });

  it("says in the header and the thread that a re-fired alarm is flapping", () => {
    const state = episode({
      phase: "flapping",
      flaps: 1,
      slack: { channel: "C0HERO365", ts: "1795762443.000100" },
      previousResolvedAt: "2026-11-27T09:10:03.118+0000",
    });
    const alarm = scaleOutNotice({ kind: "alarm", action: undefined });
    expect(blockTexts(slackMessage(alarm, state, OPENED).blocks)[0]).toContain("ALARM (flapping)");
    expect(blockTexts(slackReply(alarm, state, OPENED).blocks)[0]).toContain(
      "Fired again 4 min after resolving: flapping (2nd time).",
    );
  });
});

const OPENED = "2026-11-27T09:14:03.118+0000";

describe("the Slack message of a real scale-out step", () => {
  it("names the service, the from → to counts, the cost delta and links both consoles", () => {
    const plan = decideScaleOut(scaleInput("growth", "backend", { observed: 91 }));
    const [post] = effectsOfType(plan.effects, "slack.chat.postMessage");
    expect(post?.channel).toBe("#hero365-alerts");
    const texts = blockTexts(post?.blocks ?? []);

    expect(texts[0]).toContain("ACTION · backend: CPU above 70 %");
    expect(texts).toContain("*Service*\nhero365-backend (hero365-cluster)");
    expect(texts).toContain("*Action taken*\nbackend floor 3 → 4 (desired 3 → 4)");
    expect(texts.find((t) => t.startsWith("*Cost delta*"))).toMatch(/^\*Cost delta\*\n\+\$\d+\.\d{4}\/h/);
    expect(texts).toContain(
      "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/hero365-prod-cpu-high-backend",
    );
    expect(texts).toContain(
      "https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/hero365-cluster/services/hero365-backend/health?region=us-east-1",
    );
    expect(post?.episode).toMatchObject({ action: "backend floor 3 → 4 (desired 3 → 4)" });
  });
});
