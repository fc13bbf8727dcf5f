/** `lambda.Invoke`: an asynchronous invocation (`InvocationType: "Event"`), accepted by Lambda with 202. */
import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import type { Executor } from "../../kernel/ports.js";
import "../../slack-actions/effects.js";

export function lambdaInvoke(client: LambdaClient): Executor<"lambda.Invoke"> {
  return async (effect) => {
    const { StatusCode } = await client.send(
      new InvokeCommand({
        FunctionName: effect.functionName,
        InvocationType: "Event",
        Payload: new TextEncoder().encode(JSON.stringify(effect.payload)),
      }),
    );
    if (StatusCode !== 202)
      throw new Error(`Lambda did not queue the invocation of ${effect.functionName}: ${StatusCode}`);
    return { statusCode: StatusCode };
  };
}
