/** DynamoDBClient alone, by name: the bundle keeps only the commands the adapters import (a namespace import keeps all). */
export { DynamoDBClient } from "@aws-sdk/client-dynamodb";
