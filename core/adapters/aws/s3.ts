/**
 * `s3.PutObject` for the invoices bucket. Server-side encryption is asked for on every put (SSE-S3), not only
 * left to the bucket default, so an object is never stored unencrypted even under a changed bucket setting.
 */
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { BucketName } from "../../invoices/effects.js";
import { ConfigurationError } from "../../kernel/errors.js";
import type { Executor } from "../../kernel/ports.js";

export function s3Putter(client: S3Client, buckets: Record<BucketName, string | undefined>): Executor<"s3.PutObject"> {
  return async (effect) => {
    const bucket = buckets[effect.bucket];
    if (!bucket) throw new ConfigurationError(`no name configured for bucket "${effect.bucket}"`);
    const { ETag, VersionId } = await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: effect.key,
        Body: effect.body,
        ContentType: effect.contentType,
        ContentDisposition: effect.contentDisposition,
        ServerSideEncryption: "AES256",
        Metadata: effect.metadata,
      }),
    );
    return { etag: ETag, versionId: VersionId };
  };
}
