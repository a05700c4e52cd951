import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableName } from "@/lib/aws/tables";
import { rotateDataKey } from "@/lib/crypto/rotate-data-key";
import { deleteCustomer } from "@/lib/db/delete-customer";
import { recordPartition } from "@/lib/db/record-partitions";
import { getRecord, listRecords, listRecordsPage } from "@/lib/db/records";
import { AppError } from "@/lib/errors";
import { scanRawRecords, seedRecords } from "@/lib/testing/seed-records";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.close();
});

async function refusalOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof AppError) return error;
  throw new Error(`expected an AppError, got ${String(error)}`);
}

async function setCiphertext(customerId: string, recordKey: string, ciphertext: Uint8Array): Promise<void> {
  await stack.context.clients.documents.send(
    new UpdateCommand({
      TableName: tableName(stack.config.TABLE_PREFIX, "records"),
      Key: { partition: recordPartition(customerId, "contacts", recordKey), recordKey },
      UpdateExpression: "SET ciphertext = :ciphertext",
      ExpressionAttributeValues: { ":ciphertext": ciphertext },
    }),
  );
}

describe("records encrypted at rest", () => {
  it("stores no plaintext: neither field values nor the record's own data", async () => {
    const [record] = await seedRecords(stack.context, { customerId: "cust-plain", count: 3 });

    const items = await scanRawRecords(stack.context, { customerId: "cust-plain" });
    expect(items).toHaveLength(3);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(["ciphertext", "jobId", "keyVersion", "partition", "recordKey", "updatedAt"]);
      expect(item.keyVersion).toBe(1);
      const ciphertext = Buffer.from(item.ciphertext as Uint8Array);
      for (const secret of ["Secretname", "First", String(item.recordKey), "last_name"]) expect(ciphertext.includes(Buffer.from(secret))).toBe(false);
      expect(JSON.stringify(item)).not.toContain("Secretname");
    }
    expect((await getRecord(stack.context, { customerId: "cust-plain", dataset: "contacts", recordKey: String(record!.email) }))?.data).toEqual(record);
  });

  it("refuses a ciphertext with one byte flipped instead of returning garbage", async () => {
    const [record] = await seedRecords(stack.context, { customerId: "cust-tamper", count: 2 });
    const recordKey = String(record!.email);
    const [item] = (await scanRawRecords(stack.context, { customerId: "cust-tamper" })).filter((raw) => raw.recordKey === recordKey);
    const tampered = Buffer.from(item!.ciphertext as Uint8Array);
    tampered[tampered.length - 1]! ^= 0x01;
    await setCiphertext("cust-tamper", recordKey, tampered);

    const error = await refusalOf(getRecord(stack.context, { customerId: "cust-tamper", dataset: "contacts", recordKey }));
    expect(error.message).toBe("ciphertext failed authentication");
    await expect(listRecordsPage(stack.context, { customerId: "cust-tamper", dataset: "contacts", limit: 10 })).rejects.toThrow(
      "ciphertext failed authentication",
    );
  });

  it("refuses a ciphertext copied onto another record of the same customer", async () => {
    const [first, second] = await seedRecords(stack.context, { customerId: "cust-swap", count: 2 });
    const items = await scanRawRecords(stack.context, { customerId: "cust-swap" });
    const firstItem = items.find((item) => item.recordKey === first!.email)!;
    await setCiphertext("cust-swap", String(second!.email), firstItem.ciphertext as Uint8Array);

    const error = await refusalOf(getRecord(stack.context, { customerId: "cust-swap", dataset: "contacts", recordKey: String(second!.email) }));
    expect(error.message).toBe("ciphertext failed authentication");
  });

  it("reads records written under version 1 after a rotation, and writes new ones under version 2", async () => {
    const old = await seedRecords(stack.context, { customerId: "cust-versions", count: 3 });
    await rotateDataKey(stack.context, { customerId: "cust-versions", actor: "user:operator" });
    const fresh = await seedRecords(stack.context, { customerId: "cust-versions", count: 2, first: 100 });

    const versions = Object.fromEntries((await scanRawRecords(stack.context, { customerId: "cust-versions" })).map((item) => [item.recordKey, item.keyVersion]));
    expect(old.map((record) => versions[String(record.email)])).toEqual([1, 1, 1]);
    expect(fresh.map((record) => versions[String(record.email)])).toEqual([2, 2]);
    const read: unknown[] = [];
    for await (const record of listRecords(stack.context, { customerId: "cust-versions", dataset: "contacts" })) read.push(record.data);
    expect(read).toHaveLength(5);
    expect(read).toEqual(expect.arrayContaining([...old, ...fresh]));
  });

  it("crypto-shreds a deleted customer's records while another customer's stay readable", async () => {
    const [doomed] = await seedRecords(stack.context, { customerId: "cust-doomed", count: 2 });
    const [kept] = await seedRecords(stack.context, { customerId: "cust-kept", count: 2 });
    const Bucket = stack.config.S3_BUCKET;
    for (const Key of ["uploads/cust-doomed/job-1", "uploads/cust-kept/job-2"]) {
      await stack.context.clients.s3.send(new PutObjectCommand({ Bucket, Key, Body: "email\r\nada@example.com\r\n" }));
    }

    const result = await deleteCustomer(stack.context, { customerId: "cust-doomed", actor: "user:operator" });

    expect(result.destroyedKeyVersions).toEqual([1]);
    expect(await scanRawRecords(stack.context, { customerId: "cust-doomed" })).toHaveLength(2);
    const error = await refusalOf(getRecord(stack.context, { customerId: "cust-doomed", dataset: "contacts", recordKey: String(doomed!.email) }));
    expect(error.code).toBe("not_found");
    await expect(seedRecords(stack.context, { customerId: "cust-doomed", count: 1, first: 50 })).rejects.toThrow("This customer's data was deleted.");
    expect((await getRecord(stack.context, { customerId: "cust-kept", dataset: "contacts", recordKey: String(kept!.email) }))?.data).toEqual(kept);
    const { Item: customer } = await stack.context.clients.documents.send(
      new GetCommand({ TableName: tableName(stack.config.TABLE_PREFIX, "customers"), Key: { customerId: "cust-doomed" } }),
    );
    expect(customer).toMatchObject({ deletedBy: "user:operator" });
    expect(result.deletedUploads).toBe(1);
    await expect(stack.context.clients.s3.send(new HeadObjectCommand({ Bucket, Key: "uploads/cust-doomed/job-1" }))).rejects.toThrow();
    await stack.context.clients.s3.send(new HeadObjectCommand({ Bucket, Key: "uploads/cust-kept/job-2" }));
  });
});
