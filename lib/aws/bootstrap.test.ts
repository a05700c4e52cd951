import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { GetBucketCorsCommand } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapInfrastructure } from "@/lib/aws/bootstrap";
import { TABLE_DEFINITIONS, tableName, type TableName } from "@/lib/aws/tables";
import { insertCustomer, getCustomer } from "@/lib/db/customers";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.close();
});

describe("bootstrapInfrastructure", () => {
  it("is harmless when run again, twice at once, and keeps existing data", async () => {
    await insertCustomer(stack.context, { customerId: "cus_kept", name: "Kept" });
    const [first, second] = await Promise.all([
      bootstrapInfrastructure(stack.context.clients, stack.config),
      bootstrapInfrastructure(stack.context.clients, stack.config),
    ]);
    expect(second).toEqual(first);
    expect(await getCustomer(stack.context, "cus_kept")).toMatchObject({ name: "Kept" });
  });

  it("creates every table with its keys and indexes", async () => {
    for (const table of Object.keys(TABLE_DEFINITIONS) as TableName[]) {
      const { Table } = await stack.context.clients.dynamo.send(
        new DescribeTableCommand({ TableName: tableName(stack.config.TABLE_PREFIX, table) }),
      );
      expect(Table?.KeySchema).toEqual(TABLE_DEFINITIONS[table].KeySchema);
      expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName) ?? []).toEqual(
        TABLE_DEFINITIONS[table].GlobalSecondaryIndexes?.map((index) => index.IndexName) ?? [],
      );
    }
  });

  it("gives the work queue a dead-letter queue and the bucket a CORS rule for the portal", async () => {
    const urls = await bootstrapInfrastructure(stack.context.clients, stack.config);
    const { Attributes } = await stack.context.clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: urls.work, AttributeNames: ["All"] }),
    );
    const redrive = JSON.parse(Attributes?.RedrivePolicy ?? "{}") as { deadLetterTargetArn?: string; maxReceiveCount?: number };
    expect(redrive.deadLetterTargetArn).toMatch(/-dlq$/);
    expect(Number(redrive.maxReceiveCount)).toBe(stack.config.QUEUE_MAX_RECEIVES);

    const cors = await stack.context.clients.s3.send(new GetBucketCorsCommand({ Bucket: stack.config.S3_BUCKET }));
    expect(cors.CORSRules?.[0]?.AllowedOrigins).toEqual([new URL(stack.config.publicUrl).origin]);
    expect(cors.CORSRules?.[0]?.AllowedMethods).toContain("PUT");
  });
});
