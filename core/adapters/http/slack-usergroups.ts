/**
 * A user group's members through the Slack Web API (`usergroups.users.list`, bot scope `usergroups:read`).
 * https://api.slack.com/methods/usergroups.users.list
 */

import { bodySnippet, HttpStatusError, SlackApiError } from "../../kernel/adapter-errors.js";
import type { SlackUserGroups } from "../../slack-actions/ports.js";
import { withoutSecrets } from "./redact.js";

export function slackUserGroups(options: {
  baseUrl: string;
  token: () => Promise<string>;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): SlackUserGroups {
  const fetchImpl = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, "");
  return {
    async members(groupId) {
      const token = await options.token();
      const response = await withoutSecrets([token], () =>
        fetchImpl(`${base}/usergroups.users.list?usergroup=${encodeURIComponent(groupId)}`, {
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(options.timeoutMs ?? 1_000),
        }),
      );
      if (!response.ok) {
        throw new HttpStatusError("Slack usergroups.users.list", response.status, await bodySnippet(response));
      }
      const answer = (await response.json()) as { ok?: boolean; error?: string; users?: unknown };
      if (!answer.ok) throw new SlackApiError("usergroups.users.list", answer.error ?? "unknown_error");
      return Array.isArray(answer.users) ? answer.users.filter((u): u is string => typeof u === "string") : [];
    },
  };
}
