import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { AppContext } from "@/lib/context";
import { insertCustomer } from "@/lib/db/customers";
import { getJob, type Job } from "@/lib/db/jobs";
import { createJob, uploadKeyFor } from "@/lib/imports/create-job";
import { isTerminalState, type JobState } from "@/lib/imports/job-states";
import { startJob } from "@/lib/imports/start-job";
import { CONTACTS_CSV_HEADER, contactCsvRow } from "@/lib/testing/generate-contacts-csv";

/** Writes the seeded contacts CSV (every 100th row invalid); returns its path, size and valid record keys in file order. */
export async function writeContactsCsv(file: string, rows: number): Promise<{ file: string; size: number; validKeys: string[] }> {
  await mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const validKeys: string[] = [];
  out.write(`${CONTACTS_CSV_HEADER}\r\n`);
  for (let index = 1; index <= rows; index++) {
    const row = contactCsvRow(index, 100);
    if (!row.brokenField) validKeys.push(row.email);
    if (!out.write(`${row.line}\r\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return { file, size: (await stat(file)).size, validKeys };
}

/** Peak resident memory of a process, from the kernel's high-water mark. */
export async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024);
}

export interface TimedImport {
  job: Job;
  seconds: number;
  /** Seconds from the start until each state was first seen. */
  stateAt: (state: JobState) => number;
}

/** Creates a job for an existing customer and uploads the file for it; the job is not started. */
export async function uploadForImport(context: AppContext, input: { customerId: string; file: string; size: number }): Promise<Job> {
  const { job } = await createJob(context, { customerId: input.customerId, actor: "bench", templateId: "contacts", fileName: "contacts.csv", fileSize: input.size });
  await context.clients.s3.send(
    // A buffer, not a stream: the SDK can retry it when the emulator resets the connection.
    new PutObjectCommand({ Bucket: context.config.S3_BUCKET, Key: uploadKeyFor(input.customerId, job.jobId), Body: await readFile(input.file), ContentLength: input.size }),
  );
  return job;
}

/** Uploads the file for a new customer, starts its job and watches it to the end (workers must be running). */
export async function timeImport(context: AppContext, input: { customerId: string; file: string; size: number }): Promise<TimedImport> {
  await insertCustomer(context, { customerId: input.customerId, name: input.customerId });
  const job = await uploadForImport(context, input);
  const started = performance.now();
  const seen = new Map<JobState, number>();
  await startJob(context, { customerId: input.customerId, jobId: job.jobId });
  for (;;) {
    const current = (await getJob(context, job.jobId))!;
    if (!seen.has(current.state)) seen.set(current.state, (performance.now() - started) / 1000);
    if (isTerminalState(current.state)) return { job: current, seconds: (performance.now() - started) / 1000, stateAt: (state) => seen.get(state) ?? Number.NaN };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
