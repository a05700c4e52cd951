import { ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand, type Message } from "@aws-sdk/client-sqs";
import { getQueueUrls } from "@/lib/aws/queues";
import type { AppContext } from "@/lib/context";
import { log } from "@/lib/log";
import { handleMessage } from "@/worker/handle-message";

export interface WorkerLoop {
  /** Stops receiving, waits for in-flight messages, then resolves. Idempotent. */
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Consumes the work queue with `WORKER_CONCURRENCY` independent receivers. Each
 * asks for one message at a time: the local SQS emulator only ends a long poll
 * early when it can fill the whole batch.
 */
export function startWorkerLoop(context: AppContext): WorkerLoop {
  const stop = new AbortController();
  const receivers = Array.from({ length: context.config.WORKER_CONCURRENCY }, (_, index) => receive(context, stop.signal, index));
  let closing: Promise<void> | undefined;
  log.info({ concurrency: receivers.length }, "worker started");
  return {
    close() {
      closing ??= (async () => {
        stop.abort();
        await Promise.allSettled(receivers);
        log.info("worker stopped");
      })();
      return closing;
    },
  };
}

async function receive(context: AppContext, signal: AbortSignal, receiver: number): Promise<void> {
  const { work } = await getQueueUrls(context.clients, context.config);
  let failures = 0;
  while (!signal.aborted) {
    let messages: Message[];
    try {
      const result = await context.clients.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: work,
          MaxNumberOfMessages: 1,
          WaitTimeSeconds: context.config.QUEUE_WAIT_SECONDS,
          AttributeNames: ["All"],
        }),
        { abortSignal: signal },
      );
      messages = result.Messages ?? [];
      failures = 0;
    } catch (error) {
      if (signal.aborted) return;
      failures++;
      log.warn({ err: error, receiver }, "receive failed; backing off");
      await sleep(Math.min(30_000, 200 * 2 ** failures));
      continue;
    }
    for (const message of messages) await processMessage(context, work, message);
  }
}

/**
 * Keeps a message invisible while it is being worked on, so a long import is not
 * handed to a second worker halfway through. Renews at a third of the timeout.
 * (The local SQS emulator counts each renewal as a receive, so there a message
 * that renewed often reaches the dead-letter queue sooner after a crash.)
 */
export function keepInvisible(context: AppContext, queueUrl: string, message: Message): () => void {
  const seconds = context.config.QUEUE_VISIBILITY_SECONDS;
  const timer = setInterval(() => {
    context.clients.sqs
      .send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: seconds }))
      .catch((error: unknown) => log.warn({ err: error, messageId: message.MessageId }, "visibility extension failed"));
  }, (seconds * 1000) / 3);
  timer.unref();
  return () => clearInterval(timer);
}

async function processMessage(context: AppContext, queueUrl: string, message: Message): Promise<void> {
  const started = Date.now();
  const stopHeartbeat = keepInvisible(context, queueUrl, message);
  try {
    await handleMessage(context, message.Body);
    await context.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    log.debug({ messageId: message.MessageId, ms: Date.now() - started }, "message done");
  } catch (error) {
    const receives = Number(message.Attributes?.ApproximateReceiveCount ?? 1);
    log.error({ err: error, messageId: message.MessageId, receives }, "message failed; it will be retried");
    // Come back sooner than the full visibility timeout, later with every receive.
    const retryIn = Math.min(context.config.QUEUE_VISIBILITY_SECONDS, 2 ** receives);
    await context.clients.sqs
      .send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: retryIn }))
      .catch(() => undefined);
  } finally {
    stopHeartbeat();
  }
}
