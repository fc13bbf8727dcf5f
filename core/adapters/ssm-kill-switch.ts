/**
 * The kill switch: an SSM String parameter read on every invocation (never cached), so flipping it stops the
 * next action. "true" pauses until resumed, a JSON pause `{"by","until"}` until its expiry; anything else runs
 * (`parseKillSwitchValue`). A missing parameter runs: no stack creates it (core/scaling/kill-switch.ts).
 */
import { GetParameterCommand, ParameterNotFound, type SSMClient } from "@aws-sdk/client-ssm";
import { parseKillSwitchValue } from "../scaling/kill-switch.js";
import type { KillSwitch } from "../scaling/service-state.js";

export function ssmKillSwitch(client: SSMClient, parameterName: string): KillSwitch {
  return {
    async paused() {
      try {
        const { Parameter } = await client.send(new GetParameterCommand({ Name: parameterName }));
        return parseKillSwitchValue(Parameter?.Value);
      } catch (error) {
        if (error instanceof ParameterNotFound) return false;
        throw error;
      }
    },
  };
}
