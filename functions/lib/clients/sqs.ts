/** SQSClient alone, by name: the bundle keeps only the commands the adapters import (a namespace import keeps all). */
export { SQSClient } from "@aws-sdk/client-sqs";
