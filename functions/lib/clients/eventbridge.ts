/** EventBridgeClient alone, by name: the bundle keeps only the commands the adapters import (a namespace import keeps all). */
export { EventBridgeClient } from "@aws-sdk/client-eventbridge";
