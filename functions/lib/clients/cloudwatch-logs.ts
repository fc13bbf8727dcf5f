/** CloudWatchLogsClient alone, by name: the bundle keeps only the commands the adapters import (a namespace import keeps all). */
export { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
