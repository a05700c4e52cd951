import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { AppContext } from "@/lib/context";
import { insertCustomer } from "@/lib/db/customers";
import { getJob, type Job } from "@/lib/db/jobs";
import { createJob, uploadKeyFor } from "@/lib/imports/create-job";
import { isTerminalState } from "@/lib/imports/job-states";
import { startJob } from "@/lib/imports/start-job";
import { waitFor } from "@/lib/testing/test-stack";

/** Creates the customer, uploads a contacts CSV for a new job and starts it: the import message waits on the queue. */
export async function queueCsvImport(context: AppContext, input: { customerId: string; csv: string }): Promise<Job> {
  await insertCustomer(context, { customerId: input.customerId, name: input.customerId });
  const body = Buffer.from(input.csv);
  const { job } = await createJob(context, { customerId: input.customerId, actor: "user:test", templateId: "contacts", fileName: "c.csv", fileSize: body.length });
  await context.clients.s3.send(new PutObjectCommand({ Bucket: context.config.S3_BUCKET, Key: uploadKeyFor(input.customerId, job.jobId), Body: body }));
  await startJob(context, { customerId: input.customerId, jobId: job.jobId });
  return job;
}

/** Reads the job every `intervalMs` until it is in a final state; throws after `timeoutMs`. */
export function waitForJobEnd(context: AppContext, jobId: string, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<Job> {
  return waitFor(
    async () => {
      const job = await getJob(context, jobId);
      return job && isTerminalState(job.state) ? job : undefined;
    },
    options.timeoutMs ?? 120_000,
    options.intervalMs,
  );
}
