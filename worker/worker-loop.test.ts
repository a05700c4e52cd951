import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { gzipSync } from "node:zlib";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptErrorReport } from "@/lib/crypto/error-report-cipher";
import { insertCustomer } from "@/lib/db/customers";
import { type Job } from "@/lib/db/jobs";
import { listRecords } from "@/lib/db/records";
import { createJob } from "@/lib/imports/create-job";
import { startJob } from "@/lib/imports/start-job";
import { generateContactsCsv } from "@/lib/testing/generate-contacts-csv";
import { waitForJobEnd } from "@/lib/testing/queue-import";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";
import { startWorkerLoop, type WorkerLoop } from "@/worker/worker-loop";

let stack: TestStack;
let worker: WorkerLoop;

beforeAll(async () => {
  // Small chunks, so every file here is cut into many and the fan-out is what is tested.
  stack = await startTestStack({ CHUNK_BYTES: "16384" });
  worker = startWorkerLoop(stack.context);
});

afterAll(async () => {
  await worker?.close();
  await stack?.close();
});

async function importCsv(customerId: string, csv: string | Buffer, templateId = "contacts", fileName = "contacts.csv"): Promise<Job> {
  await insertCustomer(stack.context, { customerId, name: customerId });
  const body = Buffer.from(csv);
  const { job, upload } = await createJob(stack.context, {
    customerId,
    actor: "user:test",
    templateId,
    fileName,
    fileSize: body.length,
  });
  const put = await fetch(upload.url, { method: upload.method, body });
  expect(put.status).toBe(200);
  await startJob(stack.context, { customerId, jobId: job.jobId });
  return waitForJobEnd(stack.context, job.jobId);
}

/** An error report as its customer reads it: decrypted (its key, reports/<customerId>/…, names the customer). */
async function readObject(key: string): Promise<string> {
  const object = await stack.context.clients.s3.send(new GetObjectCommand({ Bucket: stack.config.S3_BUCKET, Key: key }));
  const parts: Buffer[] = [];
  const body = object.Body as AsyncIterable<Uint8Array>;
  for await (const part of decryptErrorReport(stack.context, { customerId: key.split("/")[1]!, objectKey: key, body })) parts.push(part);
  return Buffer.concat(parts).toString("utf8");
}

describe("import through the queue and the worker", () => {
  it("imports 10,000 rows with 1% invalid over many chunks: exact counts, records and error report", async () => {
    const generated = generateContactsCsv({ rows: 10_000, invalidEvery: 100 });
    const job = await importCsv("cust-ten-k", generated.csv);

    expect(job.state).toBe("completed_with_errors");
    expect(job.counts).toEqual({ rows: 10_000, valid: 9_900, rejected: 100 });
    expect(job.chunkCount).toBeGreaterThan(50);
    expect(job.chunksDone?.size).toBe(job.chunkCount);

    const stored: string[] = [];
    for await (const record of listRecords(stack.context, { customerId: "cust-ten-k", dataset: "contacts" })) {
      stored.push(record.recordKey);
    }
    expect(stored.sort()).toEqual([...generated.validKeys].sort());

    const report = Papa.parse<string[]>((await readObject(job.errorReportKey!)).trim(), { header: false }).data;
    expect(report[0]!.slice(0, 3)).toEqual(["row", "reason", "email"]);
    const reported = report.slice(1).map(([row, reason]) => ({ row: Number(row), field: reason!.split(":")[0] }));
    expect(reported).toEqual(generated.invalidRows);
  });

  it("ends a header-only file as succeeded with no rows", async () => {
    const job = await importCsv("cust-header-only", "email,first_name,last_name\r\n");
    expect(job.state).toBe("succeeded");
    expect(job.counts).toEqual({ rows: 0, valid: 0, rejected: 0 });
    expect(job.errorReportKey).toBeUndefined();
  });

  it("fails an empty file with a reason", async () => {
    const job = await importCsv("cust-empty", "");
    expect(job.state).toBe("failed");
    expect(job.failureReason).toMatch(/empty/);
  });

  it("fails a file without a required column, naming the column and the headers found", async () => {
    const job = await importCsv("cust-missing", "email,first_name,company\r\na@example.com,Ada,Acme\r\n");
    expect(job.state).toBe("failed");
    expect(job.failureReason).toContain("last_name");
    expect(job.failureReason).toContain('"company"');
  });

  it("keeps working after a message it cannot parse", async () => {
    await stack.context.clients.s3.send(
      new PutObjectCommand({ Bucket: stack.config.S3_BUCKET, Key: "unrelated", Body: "x" }),
    );
    const { sendWorkMessage } = await import("@/lib/imports/work-message");
    await sendWorkMessage(stack.context, { type: "import", jobId: "no-such-job" });
    const job = await importCsv("cust-after-junk", generateContactsCsv({ rows: 20 }).csv);
    expect(job.state).toBe("succeeded");
    expect(job.counts.valid).toBe(20);
  });

  it("imports gzip-compressed JSON Lines, reporting a broken line by its number", async () => {
    const lines = Array.from({ length: 50 }, (_, index) => JSON.stringify({ email: `p${index}@example.com`, first_name: "P", last_name: `N${index}`, opted_in: index % 2 === 0 }));
    lines.splice(10, 0, '{"email": "broken@example.com", ');
    const job = await importCsv("cust-jsonl", gzipSync(lines.join("\n")), "contacts", "people.jsonl.gz");
    expect(job.state).toBe("completed_with_errors");
    expect(job.counts).toEqual({ rows: 51, valid: 50, rejected: 1 });
    const report = Papa.parse<string[]>((await readObject(job.errorReportKey!)).trim()).data;
    expect(report[1]?.slice(0, 2)).toEqual(["11", "line is not valid JSON"]);
  });
});
