import { randomUUID } from "node:crypto";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rotateDataKey } from "@/lib/crypto/rotate-data-key";
import { insertCustomer } from "@/lib/db/customers";
import { getCustomerJob, insertJob, transitionJob } from "@/lib/db/jobs";
import { AppError } from "@/lib/errors";
import { createErrorReportWriter } from "@/lib/imports/error-report";
import { openErrorReport } from "@/lib/imports/open-error-report";
import { errorReportKeyFor } from "@/lib/imports/finalize-import";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
  for (const customerId of ["cust-report", "cust-other"]) await insertCustomer(stack.context, { customerId, name: customerId });
});

afterAll(async () => {
  await stack?.close();
});

const HEADERS = ["email", "first_name", "last_name"];

/** A finished job with a report of `rows` rejected rows, written as an import writes it (several 64 KiB frames for 3,000 rows). */
async function jobWithReport(customerId: string, rows: number): Promise<{ jobId: string; key: string }> {
  const jobId = randomUUID();
  const key = errorReportKeyFor({ customerId, jobId });
  await insertJob(stack.context, { jobId, customerId, templateId: "contacts", dataset: "contacts", fileName: "f.csv", fileSize: 1, uploadKey: "u", createdBy: "user:test" });
  const writer = createErrorReportWriter(stack.context, { key, headers: HEADERS, customerId });
  for (let row = 2; row < rows + 2; row++) await writer.add(row, "email: must be an email address", [`not-an-email-${row}`, "Ada", `Lovelace-secret-${row}`]);
  expect(await writer.finish()).toBe(rows);
  await transitionJob(stack.context, { jobId, to: "failed", changes: { errorReportKey: key } });
  return { jobId, key };
}

async function rawObject(key: string): Promise<Buffer> {
  const object = await stack.context.clients.s3.send(new GetObjectCommand({ Bucket: stack.config.S3_BUCKET, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

async function putObject(key: string, body: Buffer): Promise<void> {
  await stack.context.clients.s3.send(new PutObjectCommand({ Bucket: stack.config.S3_BUCKET, Key: key, Body: body }));
}

async function download(customerId: string, jobId: string): Promise<string> {
  const report = await openErrorReport(stack.context, await getCustomerJob(stack.context, { customerId, jobId }));
  return new Response(report.body).text();
}

async function refusalOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof AppError) return error;
  throw new Error(`expected an AppError, got ${String(error)}`);
}

describe("error reports encrypted at rest", () => {
  it("stores no rejected cell in clear and downloads decrypted and complete", async () => {
    const { jobId, key } = await jobWithReport("cust-report", 3_000);

    const raw = await rawObject(key);
    expect(raw.length).toBeGreaterThan(3 * 64 * 1024);
    for (const secret of ["Lovelace-secret-", "not-an-email-", "email: must be", "row,reason"]) expect(raw.includes(Buffer.from(secret))).toBe(false);
    const head = await stack.context.clients.s3.send(new HeadObjectCommand({ Bucket: stack.config.S3_BUCKET, Key: key }));
    expect(head.Metadata?.["key-version"]).toBe("1");

    const rows = Papa.parse<string[]>((await download("cust-report", jobId)).trim()).data;
    expect(rows[0]).toEqual(["row", "reason", ...HEADERS]);
    expect(rows).toHaveLength(3_001);
    expect(rows.at(-1)).toEqual(["3001", "email: must be an email address", "not-an-email-3001", "Ada", "Lovelace-secret-3001"]);
  });

  it("refuses a truncated object instead of ending the download early", async () => {
    const { jobId, key } = await jobWithReport("cust-report", 3_000);
    const raw = await rawObject(key);
    await putObject(key, raw.subarray(0, raw.length - 100));

    const report = await openErrorReport(stack.context, await getCustomerJob(stack.context, { customerId: "cust-report", jobId }));
    await expect(new Response(report.body).text()).rejects.toThrow("The encrypted object is truncated.");
  });

  it("refuses an object cut inside its first frame before the download starts", async () => {
    const { jobId, key } = await jobWithReport("cust-report", 5);
    await putObject(key, (await rawObject(key)).subarray(0, 30));

    expect((await refusalOf(download("cust-report", jobId))).message).toBe("The encrypted object is truncated.");
  });

  it("refuses another job's report copied in its place", async () => {
    const first = await jobWithReport("cust-report", 5);
    const second = await jobWithReport("cust-report", 5);
    await putObject(second.key, await rawObject(first.key));

    expect((await refusalOf(download("cust-report", second.jobId))).message).toBe("ciphertext failed authentication");
  });

  it("still downloads a report written under the previous key version after a rotation", async () => {
    const { jobId } = await jobWithReport("cust-other", 20);

    await rotateDataKey(stack.context, { customerId: "cust-other", actor: "user:operator" });
    const fresh = await jobWithReport("cust-other", 2);

    expect(Papa.parse<string[]>((await download("cust-other", jobId)).trim()).data).toHaveLength(21);
    const head = await stack.context.clients.s3.send(new HeadObjectCommand({ Bucket: stack.config.S3_BUCKET, Key: fresh.key }));
    expect(head.Metadata?.["key-version"]).toBe("2");
  });
});
