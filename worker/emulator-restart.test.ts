import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { closeAppContext, createAppContext, type AppContext } from "@/lib/context";
import { insertCustomer } from "@/lib/db/customers";
import { getJob } from "@/lib/db/jobs";
import { listRecordItemPages } from "@/lib/db/records";
import { createJob, uploadKeyFor } from "@/lib/imports/create-job";
import { startJob } from "@/lib/imports/start-job";
import { startEmulatorsProcess, type EmulatorsProcess } from "@/lib/testing/emulators-process";
import { generateContactsCsv } from "@/lib/testing/generate-contacts-csv";
import { waitFor } from "@/lib/testing/test-stack";
import { startWorkerProcess, type WorkerProcess } from "@/lib/testing/worker-process";
import { waitForJobEnd } from "@/lib/testing/queue-import";

/*
 * The emulators restarted in the middle of an import: the local SQS keeps its
 * messages in memory, so every queued and in-flight chunk message is lost.
 * DynamoDB and S3 keep their data on disk. The reconciler (in the worker
 * process) must notice the stalled job and set it going again.
 */
let emulators: EmulatorsProcess;
let context: AppContext;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  emulators = await startEmulatorsProcess();
  context = await createAppContext(parseConfig(emulators.env));
}, 90_000);

afterAll(async () => {
  if (worker?.child.exitCode === null) worker.child.kill("SIGKILL");
  await closeAppContext(context);
  await emulators?.close();
});

describe("the emulators restarted mid-import", () => {
  it("loses the queued messages, and the reconciler completes the job exactly", async () => {
    worker = startWorkerProcess(emulators, {
      CHUNK_BYTES: "65536",
      QUEUE_WAIT_SECONDS: "1",
      QUEUE_VISIBILITY_SECONDS: "5",
      RECONCILE_INTERVAL_SECONDS: "1",
      RECONCILE_STALE_SECONDS: "5",
    });
    const generated = generateContactsCsv({ rows: 60_000, invalidEvery: 100 });
    await insertCustomer(context, { customerId: "cus-restart", name: "Restart" });
    const { job } = await createJob(context, { customerId: "cus-restart", actor: "user:test", templateId: "contacts", fileName: "c.csv", fileSize: Buffer.byteLength(generated.csv) });
    await context.clients.s3.send(new PutObjectCommand({ Bucket: context.config.S3_BUCKET, Key: uploadKeyFor("cus-restart", job.jobId), Body: generated.csv }));
    await startJob(context, { customerId: "cus-restart", jobId: job.jobId });

    await waitFor(async () => ((await getJob(context, job.jobId))!.counts.rows > 10_000 ? true : undefined), 120_000, 50);
    await emulators.kill();
    await emulators.start();
    const rowsAfterRestart = (await getJob(context, job.jobId))!.counts.rows;
    expect(rowsAfterRestart).toBeLessThan(60_000);

    const ended = await waitForJobEnd(context, job.jobId, { timeoutMs: 180_000, intervalMs: 250 });
    expect(ended.state).toBe("completed_with_errors");
    expect(ended.counts).toEqual({ rows: 60_000, valid: 59_400, rejected: 600 });
    let stored = 0;
    for await (const items of listRecordItemPages(context, { customerId: "cus-restart", dataset: "contacts" })) stored += items.length;
    expect(stored).toBe(59_400);
    expect(worker.logs().some((line) => line.msg === "reconciler requeued stalled jobs")).toBe(true);
  }, 300_000);
});
