/** SNSClient alone, by name: the bundle keeps only the commands the adapters import (a namespace import keeps all). */
export { SNSClient } from "@aws-sdk/client-sns";
