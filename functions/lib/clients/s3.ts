/** S3Client alone, by name: the bundle keeps only the commands the adapters import (a namespace import keeps all). */
export { S3Client } from "@aws-sdk/client-s3";
