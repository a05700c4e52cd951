import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableName } from "@/lib/aws/tables";
import { createDataKeyVersion, getDataKey } from "@/lib/crypto/data-keys";
import { encryptRecord } from "@/lib/crypto/record-cipher";
import { reencryptRecords } from "@/lib/crypto/reencrypt-records";
import { RETIRE_GRACE_MS, retireDataKey } from "@/lib/crypto/retire-data-key";
import { rotateDataKey } from "@/lib/crypto/rotate-data-key";
import { startReencryption } from "@/lib/crypto/start-reencryption";
import { listAuditEvents } from "@/lib/db/audit";
import { getDataKeyItem } from "@/lib/db/data-keys";
import { getJob, type Job } from "@/lib/db/jobs";
import { recordPartition } from "@/lib/db/record-partitions";
import { getRecord } from "@/lib/db/records";
import { AppError } from "@/lib/errors";
import { isTerminalState } from "@/lib/imports/job-states";
import type { JobProgressEvent } from "@/lib/realtime/events";
import { contactRecord, scanRawRecords, seedRecords } from "@/lib/testing/seed-records";
import { startTestStack, waitFor, type TestStack } from "@/lib/testing/test-stack";
import { startWorkerLoop, type WorkerLoop } from "@/worker/worker-loop";

let stack: TestStack;
let worker: WorkerLoop;

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorkerLoop(stack.context);
});

afterAll(async () => {
  await worker?.close();
  await stack?.close();
});

function waitForEnd(jobId: string): Promise<Job> {
  return waitFor(async () => {
    const job = await getJob(stack.context, jobId);
    return job && isTerminalState(job.state) ? job : undefined;
  });
}

async function refusalOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof AppError) return error;
  throw new Error(`expected an AppError, got ${String(error)}`);
}

const later = () => new Date(Date.now() + RETIRE_GRACE_MS + 1_000);

describe("re-encryption after a rotation", () => {
  it("moves every record to the new version through the worker, as a job with progress", async () => {
    const contacts = await seedRecords(stack.context, { customerId: "cust-move", count: 60 });
    const orders = await seedRecords(stack.context, { customerId: "cust-move", dataset: "orders", count: 15, first: 500 });
    const events: JobProgressEvent[] = [];
    const unsubscribe = stack.context.bus.subscribe((event) => {
      if (event.customerId === "cust-move") events.push(event);
    });

    const { version, job } = await rotateDataKey(stack.context, { customerId: "cust-move", actor: "user:operator" });
    const done = await waitForEnd(job.jobId);
    unsubscribe();

    expect(version).toBe(2);
    expect(done.state).toBe("succeeded");
    expect(done.counts).toEqual({ rows: 75, valid: 75, rejected: 0 });
    expect({ fileSize: done.fileSize, bytesProcessed: done.bytesProcessed }).toEqual({ fileSize: 75, bytesProcessed: 75 });
    expect(events.filter((event) => event.jobId === job.jobId).map((event) => event.state)).toEqual(expect.arrayContaining(["queued", "running", "succeeded"]));
    for (const dataset of ["contacts", "orders"]) {
      const items = await scanRawRecords(stack.context, { customerId: "cust-move", dataset });
      expect(new Set(items.map((item) => item.keyVersion))).toEqual(new Set([2]));
    }
    const record = contacts[7]!;
    expect((await getRecord(stack.context, { customerId: "cust-move", dataset: "contacts", recordKey: String(record.email) }))?.data).toEqual(record);
    expect((await getRecord(stack.context, { customerId: "cust-move", dataset: "orders", recordKey: String(orders[3]!.email) }))?.data).toEqual(orders[3]);
    expect(await getDataKeyItem(stack.context, { customerId: "cust-move", version: 1 })).toMatchObject({ state: "enabled", drainedByJobId: job.jobId });
  });

  it("converges when the same message is delivered three times at once", async () => {
    const records = await seedRecords(stack.context, { customerId: "cust-redeliver", count: 40 });
    const { job } = await rotateDataKey(stack.context, { customerId: "cust-redeliver", actor: "user:operator" });

    const input = { jobId: job.jobId, customerId: "cust-redeliver" };
    await Promise.all([reencryptRecords(stack.context, input), reencryptRecords(stack.context, input)]);
    const done = await waitForEnd(job.jobId);
    await reencryptRecords(stack.context, input);

    expect(done.state).toBe("succeeded");
    expect(done.counts).toEqual({ rows: 40, valid: 40, rejected: 0 });
    expect((await getJob(stack.context, job.jobId))?.counts).toEqual(done.counts);
    const items = await scanRawRecords(stack.context, { customerId: "cust-redeliver" });
    expect(items.every((item) => item.keyVersion === 2)).toBe(true);
    const record = records[39]!;
    expect((await getRecord(stack.context, { customerId: "cust-redeliver", dataset: "contacts", recordKey: String(record.email) }))?.data).toEqual(record);
  });

  it("retires an old version only after a finished re-encryption, the grace period, and with no record left on it", async () => {
    const customerId = "cust-retire";
    const records = await seedRecords(stack.context, { customerId, count: 10 });
    const retire = (version: number, now?: Date) => retireDataKey(stack.context, { customerId, version, actor: "user:operator", now });

    expect((await refusalOf(retire(1))).message).toMatch(/active data key version cannot be retired/);
    const { job } = await rotateDataKey(stack.context, { customerId, actor: "user:operator" });
    await waitForEnd(job.jobId);
    expect((await refusalOf(retire(1))).message).toMatch(/try again later/);

    // A writer that still held version 1 (another process, before the rotation reached it) stores one more record.
    const straggler = contactRecord(999);
    const address = { customerId, dataset: "contacts", recordKey: String(straggler.email) };
    await stack.context.clients.documents.send(
      new PutCommand({
        TableName: tableName(stack.config.TABLE_PREFIX, "records"),
        Item: {
          partition: recordPartition(customerId, "contacts", address.recordKey),
          recordKey: address.recordKey,
          ciphertext: encryptRecord(await getDataKey(stack.context, { customerId, version: 1 }), address, straggler),
          keyVersion: 1,
          jobId: "stale-writer",
          updatedAt: new Date().toISOString(),
        },
      }),
    );
    const refused = await refusalOf(retire(1, later()));
    expect(refused.message).toBe("1 records still use version 1; run the re-encryption again.");

    const again = await startReencryption(stack.context, { customerId, actor: "user:operator" });
    expect((await waitForEnd(again.jobId)).counts).toEqual({ rows: 11, valid: 11, rejected: 0 });
    const retired = await retire(1, later());

    expect(retired).toMatchObject({ state: "retired", version: 1 });
    expect(retired.wrappedKey).toBeUndefined();
    expect((await refusalOf(getDataKey(stack.context, { customerId, version: 1 }))).message).toBe("Data key version 1 is retired.");
    expect((await getRecord(stack.context, { customerId, dataset: "contacts", recordKey: String(records[0]!.email) }))?.data).toEqual(records[0]);
    expect((await getRecord(stack.context, { ...address }))?.data).toEqual(straggler);
    expect((await listAuditEvents(stack.context, { scope: customerId })).map((event) => event.action)).toContain("key.retired");
    expect(await retire(1, later())).toMatchObject({ state: "retired" });
  });

  it("refuses to retire a version no re-encryption has finished with", async () => {
    const customerId = "cust-undrained";
    await seedRecords(stack.context, { customerId, count: 3 });
    const { job } = await rotateDataKey(stack.context, { customerId, actor: "user:operator" });
    await waitForEnd(job.jobId);
    // Version 3 as a rotation makes it, without its re-encryption job (which would race this test).
    await createDataKeyVersion(stack.context, { customerId, version: 3, actor: "user:operator" });

    const refused = await refusalOf(retireDataKey(stack.context, { customerId, version: 2, actor: "user:operator", now: later() }));

    expect(refused.message).toMatch(/No finished re-encryption has moved the records off version 2/);
  });
});
