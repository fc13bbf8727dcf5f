/** ECSClient alone, by name: the bundle keeps only the commands the adapters import (a namespace import keeps all). */
export { ECSClient } from "@aws-sdk/client-ecs";
