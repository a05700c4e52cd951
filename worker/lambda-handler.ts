import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { ConfigError, getConfig } from "@/lib/config";
import { createAppContext, type AppContext } from "@/lib/context";
import { failJobOfPoisonMessage } from "@/lib/imports/fail-job-of-poison-message";
import { log } from "@/lib/log";
import { handleMessage } from "@/worker/handle-message";

/** Records of one batch handled at once: a batch is a few chunks, each already writing WRITE_CONCURRENCY batches in parallel. */
const RECORD_CONCURRENCY = 2;

/** Time kept back from Lambda's deadline to stop in-flight chunks and return the batch response. */
const DEADLINE_MARGIN_MS = 5_000;

export type LambdaHandler = (event: SQSEvent, lambdaContext?: Pick<Context, "getRemainingTimeInMillis">) => Promise<SQSBatchResponse>;

/** Aborts shortly before Lambda would cut the invocation off, so what is done can still be reported as done. */
function deadlineSignal(lambdaContext: Pick<Context, "getRemainingTimeInMillis"> | undefined): { signal?: AbortSignal; clear(): void } {
  if (!lambdaContext) return { clear: () => undefined };
  const controller = new AbortController();
  const abort = () => controller.abort(new Error("The Lambda invocation is about to time out."));
  const left = lambdaContext.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS;
  // Already inside the margin: start nothing (a timer, even of 0 ms, would let the first records start).
  if (left <= 0) abort();
  const timer = left > 0 ? setTimeout(abort, left) : undefined;
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** One record: true when it is done with (handled, or malformed and dropped), false when SQS should deliver it again. */
async function handleRecord(context: AppContext, record: SQSRecord, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return false;
  try {
    await handleMessage(context, record.body, { signal });
    return true;
  } catch (error) {
    const receives = Number(record.attributes.ApproximateReceiveCount);
    if (!signal?.aborted && receives >= context.config.QUEUE_MAX_RECEIVES) {
      // The queue's redrive policy moves it to the dead-letter queue next; fail its job now with a readable reason, as the worker loop does.
      await failJobOfPoisonMessage(context, { body: record.body, error, receives });
    }
    log.error({ err: error, messageId: record.messageId, receives }, "message failed; SQS will deliver it again");
    return false;
  }
}

/**
 * The worker as an AWS Lambda SQS consumer (the event source mapping must have
 * ReportBatchItemFailures on). Each record runs through the same
 * `handleMessage` as the worker loop; the ones that throw are returned in
 * `batchItemFailures`, so SQS deletes the rest and redelivers only those.
 * That is safe because every message's effect is idempotent (upserts, absolute
 * counts, conditional completions): a chunk half done and redelivered is done
 * again, not counted twice.
 *
 * It never throws for one bad record: a throw would fail the whole batch and
 * redeliver records already done. There is no visibility heartbeat here:
 * Lambda's timeout is the bound. Set the function timeout at or above the
 * longest chunk (CHUNK_BYTES bounds it) and QUEUE_VISIBILITY_SECONDS above the
 * function timeout (AWS advises six times it for event source mappings), or a
 * record still running is handed out again. Records still unstarted or cut
 * short when the deadline nears are reported as failures and come back.
 */
export function createLambdaHandler(getContext: () => Promise<AppContext>): LambdaHandler {
  return async (event, lambdaContext) => {
    const context = await getContext();
    const deadline = deadlineSignal(lambdaContext);
    const failures: SQSBatchItemFailure[] = [];
    const pending = [...event.Records];
    const runNext = async (): Promise<void> => {
      for (let record = pending.shift(); record; record = pending.shift()) {
        if (!(await handleRecord(context, record, deadline.signal))) failures.push({ itemIdentifier: record.messageId });
      }
    };
    try {
      await Promise.all(Array.from({ length: RECORD_CONCURRENCY }, runNext));
    } finally {
      deadline.clear();
    }
    return { batchItemFailures: failures };
  };
}

let shared: Promise<AppContext> | undefined;

/**
 * Built once per container and kept across invocations. Not through
 * prepareRuntime: a Lambda runs no emulators and signs no sessions. The master
 * key still seals API key and webhook secrets, and a key file created in a
 * container's /tmp would be a different key each cold start, so MASTER_KEY is
 * required here.
 */
function getLambdaContext(): Promise<AppContext> {
  shared ??= (async () => {
    const config = getConfig();
    if (!config.MASTER_KEY) throw new ConfigError(["MASTER_KEY: required in Lambda, where a key file would not outlive the container"]);
    return createAppContext(config);
  })().catch((error: unknown) => {
    // The next invocation tries again rather than failing forever on a cached rejection.
    shared = undefined;
    throw error;
  });
  return shared;
}

/** The Lambda entry point, configured from the function's environment. */
export const handler: LambdaHandler = createLambdaHandler(getLambdaContext);
