/**
 * A user group's members through the Slack Web API (`usergroups.users.list`, bot scope `usergroups:read`).
 * https://api.slack.com/methods/usergroups.users.list
 */

import { HttpStatusError, SlackApiError, snippetOf } from "../../kernel/adapter-errors.js";
import type { SlackUserGroups } from "../../slack-actions/ports.js";
import { httpClient } from "./client.js";

export function slackUserGroups(options: {
  baseUrl: string;
  token: () => Promise<string>;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): SlackUserGroups {
  const send = httpClient({ timeoutMs: options.timeoutMs ?? 1_000 }, { fetch: options.fetch });
  const base = options.baseUrl.replace(/\/+$/, "");
  return {
    async members(groupId) {
      const token = await options.token();
      const response = await send({
        api: "Slack usergroups.users.list",
        url: `${base}/usergroups.users.list?usergroup=${encodeURIComponent(groupId)}`,
        headers: { authorization: `Bearer ${token}` },
        secrets: [token],
      });
      if (!response.ok) {
        throw new HttpStatusError("Slack usergroups.users.list", response.status, snippetOf(response.text));
      }
      const answer = JSON.parse(response.text) as { ok?: boolean; error?: string; users?: unknown };
      if (!answer.ok) throw new SlackApiError("usergroups.users.list", answer.error ?? "unknown_error");
      return Array.isArray(answer.users) ? answer.users.filter((u): u is string => typeof u === "string") : [];
    },
  };
}
