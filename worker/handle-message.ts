import type { AppContext } from "@/lib/context";
import { reencryptRecords } from "@/lib/crypto/reencrypt-records";
import { isReencryptionJob } from "@/lib/crypto/start-reencryption";
import { getJob } from "@/lib/db/jobs";
import { PermanentError } from "@/lib/errors";
import { runChunk } from "@/lib/imports/run-chunk";
import { failJob, runImport } from "@/lib/imports/run-import";
import { WorkMessage } from "@/lib/imports/work-message";
import { log } from "@/lib/log";
import { deliverWebhook } from "@/lib/webhooks/deliver-webhook";

/**
 * Handles one queue message. Returns normally when the message is done with
 * (including a malformed one, which no retry can fix); throws to have it retried.
 */
export async function handleMessage(context: AppContext, body: string | undefined, options: { signal?: AbortSignal } = {}): Promise<void> {
  let parsed: ReturnType<typeof WorkMessage.safeParse>;
  try {
    parsed = WorkMessage.safeParse(JSON.parse(body ?? ""));
  } catch {
    log.error("dropped a queue message that is not JSON");
    return;
  }
  if (!parsed.success) {
    log.error({ issues: parsed.error.issues.length }, "dropped a queue message of unknown shape");
    return;
  }
  const message = parsed.data;
  switch (message.type) {
    case "import": {
      // The reconciler requeues every stalled job as an import; a re-encryption job still goes to its own handler.
      const job = await getJob(context, message.jobId);
      if (job && isReencryptionJob(job)) await reencryptRecords(context, { jobId: job.jobId, customerId: job.customerId });
      else await runImport(context, { jobId: message.jobId });
      return;
    }
    case "chunk":
      await runChunkOrFail(context, { jobId: message.jobId, chunk: message.chunk, signal: options.signal });
      return;
    case "webhook_delivery":
      await deliverWebhook(context, { webhookId: message.webhookId, customerId: message.customerId, deliveryKey: message.deliveryKey });
      return;
    case "reencrypt":
      await reencryptRecords(context, { jobId: message.jobId, customerId: message.customerId });
      return;
  }
}

/** A chunk that can never be imported (its template or file is gone) fails its job with the reason. */
async function runChunkOrFail(context: AppContext, input: { jobId: string; chunk: number; signal?: AbortSignal }): Promise<void> {
  try {
    await runChunk(context, input);
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
    await failJob(context, { jobId: input.jobId }, error.message);
  }
}
