/** LambdaClient alone, by name: the bundle keeps only the commands the adapters import (a namespace import keeps all). */
export { LambdaClient } from "@aws-sdk/client-lambda";
