import type { AppContext } from "@/lib/context";
import { listCustomerDatasets } from "@/lib/crypto/customer-datasets";
import { getDataKey } from "@/lib/crypto/data-keys";
import { reencryptPass } from "@/lib/crypto/reencrypt-pass";
import { getReencryptionJob } from "@/lib/crypto/start-reencryption";
import { listDataKeys, markDataKeyDrained } from "@/lib/db/data-keys";
import { transitionJob, type Job } from "@/lib/db/jobs";
import { isAppError } from "@/lib/errors";
import { isTerminalState } from "@/lib/imports/job-states";
import { log } from "@/lib/log";
import { publishJobProgress } from "@/lib/realtime/publish-job-progress";

/**
 * Runs a re-encryption job (the `reencrypt` work message): queued → planning
 * (which datasets) → running (one pass over the records) → finalizing →
 * succeeded, or completed_with_errors when some records could not be opened.
 *
 * Safe under redelivery: the pass starts over, skips records already at the
 * target, writes each rewrap conditioned on the ciphertext it read, and stores
 * counts as absolute numbers; every state change is conditional.
 */
export async function reencryptRecords(context: AppContext, input: { jobId: string; customerId: string }): Promise<void> {
  const found = await getReencryptionJob(context, input.jobId);
  if (!found || found.job.customerId !== input.customerId) {
    log.warn({ jobId: input.jobId }, "re-encryption message for an unknown job dropped");
    return;
  }
  const { job, toVersion } = found;
  if (isTerminalState(job.state) || job.state === "awaiting_upload") {
    await publishJobProgress(context, job);
    return;
  }
  if (toVersion === undefined) {
    await endJob(context, job, "failed", "The re-encryption job names no target key version.");
    return;
  }
  if (job.state === "finalizing") {
    await finishReencryption(context, job, toVersion);
    return;
  }

  let target: { version: number; key: Buffer };
  try {
    target = { version: toVersion, key: await getDataKey(context, { customerId: job.customerId, version: toVersion }) };
  } catch (error) {
    // The target version was destroyed or retired: no retry can bring it back.
    if (!isAppError(error)) throw error;
    await endJob(context, job, "failed", error.message);
    return;
  }

  const plan = await listCustomerDatasets(context, job.customerId);
  let current: Job | undefined = job;
  if (current.state === "queued") current = await transitionJob(context, { jobId: job.jobId, from: "queued", to: "planning" });
  if (current?.state === "planning") {
    current = await transitionJob(context, {
      jobId: job.jobId,
      from: "planning",
      to: "running",
      changes: { startedAt: new Date().toISOString(), counts: { rows: 0, valid: 0, rejected: 0 }, bytesProcessed: 0, fileSize: plan.estimatedRecords },
    });
  }
  if (current?.state !== "running") return;
  await publishJobProgress(context, current);

  const counts = await reencryptPass(context, { job: current, datasets: plan.datasets, target });
  if (!counts) return;
  const finalizing = await transitionJob(context, {
    jobId: job.jobId,
    from: "running",
    to: "finalizing",
    changes: { counts, bytesProcessed: counts.rows, fileSize: counts.rows },
  });
  if (finalizing) await finishReencryption(context, finalizing, toVersion);
}

async function finishReencryption(context: AppContext, job: Job, toVersion: number): Promise<void> {
  if (job.counts.rejected === 0) {
    // Only a complete pass shows the older versions unused; they may then be retired.
    for (const key of await listDataKeys(context, job.customerId)) {
      if (key.version < toVersion && key.state === "enabled") {
        await markDataKeyDrained(context, { customerId: job.customerId, version: key.version, jobId: job.jobId });
      }
    }
  }
  await endJob(context, job, job.counts.rejected > 0 ? "completed_with_errors" : "succeeded");
}

async function endJob(
  context: AppContext,
  job: Job,
  to: "succeeded" | "completed_with_errors" | "failed",
  failureReason?: string,
): Promise<void> {
  const done = await transitionJob(context, { jobId: job.jobId, to, changes: { finishedAt: new Date().toISOString(), failureReason } });
  if (done) await publishJobProgress(context, done);
}
