import { randomUUID } from "node:crypto";
import type { AppContext } from "@/lib/context";
import { insertJob, transitionJob } from "@/lib/db/jobs";
import type { JobCounts } from "@/lib/realtime/events";

/**
 * A job moved to running through the same conditional writes the worker makes,
 * with counts so far; nothing is queued, so no worker picks it up. For views of
 * jobs (the operator overview, /api/metrics), not for imports.
 */
export async function seedRunningJob(context: AppContext, input: { customerId: string; counts: JobCounts; startedAgoMs: number }): Promise<string> {
  const jobId = `job_${randomUUID()}`;
  await insertJob(context, {
    jobId,
    customerId: input.customerId,
    templateId: "contacts",
    dataset: "contacts",
    fileName: "seeded.csv",
    fileSize: 1000,
    uploadKey: `uploads/${input.customerId}/${jobId}`,
    createdBy: "user:test",
  });
  for (const to of ["queued", "planning"] as const) await transitionJob(context, { jobId, to });
  const startedAt = new Date(Date.now() - input.startedAgoMs).toISOString();
  await transitionJob(context, { jobId, to: "running", changes: { startedAt, counts: input.counts } });
  return jobId;
}
