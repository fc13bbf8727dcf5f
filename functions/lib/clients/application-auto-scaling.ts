/** ApplicationAutoScalingClient alone, by name: the bundle keeps only the commands the adapters import (a namespace import keeps all). */
export { ApplicationAutoScalingClient } from "@aws-sdk/client-application-auto-scaling";
