import type { AppContext } from "@/lib/context";
import type { Job } from "@/lib/db/jobs";
import { removeImportWorkFiles } from "@/lib/imports/import-plan";
import { releaseJobSlot } from "@/lib/imports/import-slots";
import { log } from "@/lib/log";
import { publishJobProgress } from "@/lib/realtime/publish-job-progress";
import { notifyJobFinished } from "@/lib/webhooks/notify-job-finished";

/**
 * Everything that follows a job's final state, whoever set it (worker, cancel):
 * the final progress event, the import slot back to the customer (which starts
 * the next waiting job), the webhook events, and the import's working files
 * removed. Each step is idempotent.
 */
export async function afterJobFinished(context: AppContext, job: Job): Promise<void> {
  await publishJobProgress(context, job);
  await releaseJobSlot(context, job);
  await notifyJobFinished(context, job);
  await removeImportWorkFiles(context, job).catch((error: unknown) => log.warn({ err: error, jobId: job.jobId }, "could not remove an import's working files"));
}
