import { Duration, RemovalPolicy } from "aws-cdk-lib";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";

/**
 * The bucket for uploads (`uploads/`), import working files (`work/`) and error
 * reports (`reports/`). Browsers PUT straight into it with presigned URLs, so it
 * carries the same CORS rule lib/aws/bootstrap.ts gives the local bucket.
 */
export function createFilesBucket(
  scope: Construct,
  input: { key: kms.IKey; portalOrigin: string; uploadRetentionDays: number; workRetentionDays: number },
): s3.Bucket {
  return new s3.Bucket(scope, "FilesBucket", {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: input.key,
    // One data key per bucket rather than per object: far fewer KMS calls for multipart uploads.
    bucketKeyEnabled: true,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: false,
    removalPolicy: RemovalPolicy.RETAIN,
    cors: [
      {
        allowedOrigins: [input.portalOrigin],
        allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
        allowedHeaders: ["*"],
        exposedHeaders: ["ETag"],
        maxAge: 3000,
      },
    ],
    lifecycleRules: [
      { id: "expire-raw-uploads", prefix: "uploads/", expiration: Duration.days(input.uploadRetentionDays) },
      // Working files are removed when a job ends; this catches what a crash left behind.
      { id: "expire-import-work-files", prefix: "work/", expiration: Duration.days(input.workRetentionDays) },
      { id: "abort-incomplete-multipart-uploads", abortIncompleteMultipartUploadAfter: Duration.days(2) },
    ],
  });
}
