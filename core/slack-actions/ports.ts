/** What the Slack actions read of the world, through adapters (core/adapters/) like every reaction. */
import type { KillSwitchState } from "../scaling/kill-switch.js";
import type { AlarmStateReader } from "../scaling/service-state.js";
import type { TicketTracker } from "../tickets/types.js";

/** The kill switch parameter with its version: a click is claimed once per version (two clicks, one effect). */
export interface KillSwitchParameter {
  read(): Promise<{ state: KillSwitchState; version: number }>;
}

/** Slack user groups' members (`usergroups.users.list`), for authorising a group listed in the config. */
export interface SlackUserGroups {
  members(groupId: string): Promise<readonly string[]>;
}

export interface SlackActionPorts {
  killSwitch: KillSwitchParameter;
  userGroups?: SlackUserGroups;
  /** The alarms' current state (Acknowledge refuses when the episode's alarm is OK again). */
  alarms?: AlarmStateReader;
  /** The ticket tracker (Approve refuses on a closed ticket). */
  tickets?: TicketTracker;
}
