/** CloudWatchClient alone, by name: the bundle keeps only the commands the adapters import (a namespace import keeps all). */
export { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
