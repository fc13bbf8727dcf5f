/**
 * Who may press a button: the stage's `slackActions.allow` lists, per action, Slack user ids and user-group
 * ids. A user id matches directly; a group is asked for its members only when no user id matched.
 */
import type { StageConfig } from "../config/index.js";
import { ConfigurationError } from "../kernel/errors.js";
import type { AuthorisedAction } from "./buttons.js";
import type { SlackUserGroups } from "./ports.js";

/**
 * Whether `user` may take `action` on the stage.
 * @example await isAllowed(config, "pause", "U024BE7LH") // true when listed, directly or through a group
 */
export async function isAllowed(
  config: StageConfig,
  action: AuthorisedAction,
  user: string,
  groups?: SlackUserGroups,
): Promise<boolean> {
  const allowed = config.slackActions.allow[action];
  if (allowed.includes(user)) return true;
  const groupIds = allowed.filter((id) => id.startsWith("S"));
  if (groupIds.length === 0) return false;
  if (!groups)
    throw new ConfigurationError("user groups are allowed for Slack actions but this runtime cannot read them");
  for (const id of groupIds) if ((await groups.members(id)).includes(user)) return true;
  return false;
}
