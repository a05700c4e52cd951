import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createDynamoJsonCaller, type DynamoJsonCaller } from "@/lib/aws/dynamo-json-caller";
import type { Config } from "@/lib/config";

/** The SDK clients of one process, built from its config. */
export interface AwsClients {
  s3: S3Client;
  sqs: SQSClient;
  dynamo: DynamoDBClient;
  /** Document client over `dynamo`: plain JavaScript values in and out. */
  documents: DynamoDBDocumentClient;
  /** Plain signed HTTP for the import's hot path (BatchWriteItem of records); see lib/aws/dynamo-json-caller.ts. */
  dynamoJson: DynamoJsonCaller;
}

function sharedOptions(config: Config) {
  const credentials =
    config.AWS_ACCESS_KEY_ID && config.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: config.AWS_ACCESS_KEY_ID, secretAccessKey: config.AWS_SECRET_ACCESS_KEY }
      : undefined;
  return { region: config.AWS_REGION, credentials, maxAttempts: 5 };
}

export function createAwsClients(config: Config): AwsClients {
  const shared = sharedOptions(config);
  const s3 = new S3Client({
    ...shared,
    endpoint: config.S3_ENDPOINT,
    // Path-style URLs work against any endpoint (a localhost one fails without it).
    forcePathStyle: Boolean(config.S3_ENDPOINT),
    // Streamed bodies are otherwise sent aws-chunked with a CRC32 trailer, which
    // s3rver stores as-is; presigned URLs also stay free of checksum parameters.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const sqs = new SQSClient({ ...shared, endpoint: config.SQS_ENDPOINT });
  const dynamo = new DynamoDBClient({ ...shared, endpoint: config.DYNAMODB_ENDPOINT });
  const documents = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const dynamoJson = createDynamoJsonCaller(dynamo, { endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION });
  return { s3, sqs, dynamo, documents, dynamoJson };
}

export function destroyAwsClients(clients: AwsClients): void {
  clients.documents.destroy();
  clients.dynamoJson.close();
  clients.dynamo.destroy();
  clients.s3.destroy();
  clients.sqs.destroy();
}
