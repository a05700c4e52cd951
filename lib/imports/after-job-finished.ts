import type { AppContext } from "@/lib/context";
import type { Job } from "@/lib/db/jobs";
import { releaseJobSlot } from "@/lib/imports/import-slots";
import { publishJobProgress } from "@/lib/realtime/publish-job-progress";
import { notifyJobFinished } from "@/lib/webhooks/notify-job-finished";

/**
 * Everything that follows a job's final state, whoever set it (worker, cancel):
 * the final progress event, the import slot back to the customer (which starts
 * the next waiting job), and the webhook events. Each step is idempotent.
 */
export async function afterJobFinished(context: AppContext, job: Job): Promise<void> {
  await publishJobProgress(context, job);
  await releaseJobSlot(context, job);
  await notifyJobFinished(context, job);
}
