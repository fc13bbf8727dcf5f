/**
 * The kill switch: an SSM String parameter read on every invocation (never cached), so flipping it stops the
 * next action. "true" pauses until resumed, a JSON pause `{"by","until"}` until its expiry; anything else runs
 * (`parseKillSwitchValue`). A missing parameter runs: no stack creates it (core/scaling/kill-switch.ts).
 */
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import type { Executor } from "../../kernel/ports.js";
import { parseKillSwitchValue } from "../../scaling/kill-switch.js";
import type { KillSwitch } from "../../scaling/service-state.js";
import "../../slack-actions/effects.js";
import type { KillSwitchParameter } from "../../slack-actions/ports.js";

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

/** The kill switch with its version, for the Slack actions' claim (a missing parameter is version 0). */
export function ssmKillSwitchParameter(client: SSMClient, parameterName: string): KillSwitchParameter {
  return {
    async read() {
      try {
        const { Parameter } = await client.send(new GetParameterCommand({ Name: parameterName }));
        return { state: parseKillSwitchValue(Parameter?.Value), version: Parameter?.Version ?? 0 };
      } catch (error) {
        if (error instanceof ParameterNotFound) return { state: false, version: 0 };
        throw error;
      }
    },
  };
}

/** `ssm.PutParameter`: a String parameter, overwritten (the kill switch is created on the first pause). */
export function ssmPutParameter(client: SSMClient): Executor<"ssm.PutParameter"> {
  return async (effect) => {
    const { Version } = await client.send(
      new PutParameterCommand({ Name: effect.name, Value: effect.value, Type: "String", Overwrite: true }),
    );
    return { version: Version };
  };
}
