/** SSMClient alone, by name: the bundle keeps only the commands the adapters import (a namespace import keeps all). */
export { SSMClient } from "@aws-sdk/client-ssm";
