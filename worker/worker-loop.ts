import { setTimeout as sleep } from "node:timers/promises";
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand, type Message } from "@aws-sdk/client-sqs";
import { getQueueUrls } from "@/lib/aws/queues";
import type { Config } from "@/lib/config";
import type { AppContext } from "@/lib/context";
import { failJobOfPoisonMessage } from "@/lib/imports/fail-job-of-poison-message";
import { log } from "@/lib/log";
import { handleMessage } from "@/worker/handle-message";

export interface WorkerLoop {
  /**
   * Stops receiving at once, waits up to WORKER_DRAIN_SECONDS for in-flight
   * messages, then aborts the rest and releases their messages to other
   * workers. Idempotent.
   */
  close(): Promise<void>;
}

/** Room after the drain deadline to release what is left and close the clients. */
const SHUTDOWN_MARGIN_SECONDS = 10;

/** How long a process that runs the worker may take to shut down before it is cut off. */
export function workerShutdownGraceMs(config: Config): number {
  return (config.WORKER_DRAIN_SECONDS + SHUTDOWN_MARGIN_SECONDS) * 1000;
}

/** What a receiver needs: where to read, when to stop receiving, when to give up on in-flight work. */
interface Receiver {
  context: AppContext;
  stopReceiving: AbortSignal;
  abortHandlers: AbortSignal;
}

/**
 * Consumes the work queue with `WORKER_CONCURRENCY` independent receivers. Each
 * asks for one message at a time: the local SQS emulator only ends a long poll
 * early when it can fill the whole batch.
 */
export function startWorkerLoop(context: AppContext): WorkerLoop {
  const stopReceiving = new AbortController();
  const abortHandlers = new AbortController();
  const receiver: Receiver = { context, stopReceiving: stopReceiving.signal, abortHandlers: abortHandlers.signal };
  const receivers = Array.from({ length: context.config.WORKER_CONCURRENCY }, (_, index) => receive(receiver, index));
  let closing: Promise<void> | undefined;
  log.info({ concurrency: receivers.length }, "worker started");
  return {
    close() {
      closing ??= (async () => {
        stopReceiving.abort();
        const stopped = Promise.allSettled(receivers);
        if (!(await settlesWithin(stopped, context.config.WORKER_DRAIN_SECONDS * 1000))) {
          log.warn({ drainSeconds: context.config.WORKER_DRAIN_SECONDS }, "drain deadline passed; releasing messages still in flight");
          abortHandlers.abort(new Error("The worker is shutting down."));
          await stopped;
        }
        log.info("worker stopped");
      })();
      return closing;
    },
  };
}

async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function receive(receiver: Receiver, index: number): Promise<void> {
  const { context, stopReceiving: signal } = receiver;
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
      // A long poll cut short may still have taken a message on the server side: it comes back after its visibility timeout.
      if (signal.aborted) return;
      failures++;
      log.warn({ err: error, receiver: index }, "receive failed; backing off");
      await sleep(Math.min(30_000, 200 * 2 ** failures), undefined, { signal }).catch(() => undefined);
      continue;
    }
    for (const message of messages) await processMessage(receiver, work, message);
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

/**
 * Settles with `work`, or rejects as soon as `signal` aborts, so a handler that
 * does not listen to the signal cannot hold up the shutdown. Whatever it still
 * does is cut short when the process exits; every step is idempotent.
 */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

async function processMessage(receiver: Receiver, queueUrl: string, message: Message): Promise<void> {
  const { context, abortHandlers: signal } = receiver;
  const started = Date.now();
  const stopHeartbeat = keepInvisible(context, queueUrl, message);
  try {
    await unlessAborted(handleMessage(context, message.Body, { signal }), signal);
  } catch (error) {
    stopHeartbeat();
    await settleFailedMessage(receiver, queueUrl, message, error);
    return;
  }
  stopHeartbeat();
  try {
    await context.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    log.debug({ messageId: message.MessageId, ms: Date.now() - started }, "message done");
  } catch (error) {
    // Handled all the same: it comes back after its timeout and is handled again, harmlessly.
    log.warn({ err: error, messageId: message.MessageId }, "message done but not deleted");
  }
}

/** Releases a message cut short by the shutdown, dead-letters one out of attempts, or backs off before a retry. */
async function settleFailedMessage(receiver: Receiver, queueUrl: string, message: Message, error: unknown): Promise<void> {
  const { context } = receiver;
  const setVisibility = (seconds: number) =>
    context.clients.sqs
      .send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: seconds }))
      .catch((failure: unknown) => log.warn({ err: failure, messageId: message.MessageId }, "visibility change failed"));
  if (receiver.abortHandlers.aborted) {
    // Not a failure of the message: another worker takes it now, and it counts as no failed attempt here.
    log.warn({ messageId: message.MessageId }, "message released at shutdown");
    await setVisibility(0);
    return;
  }
  const receives = Number(message.Attributes?.ApproximateReceiveCount ?? 1);
  if (receives >= context.config.QUEUE_MAX_RECEIVES) {
    log.error({ err: error, messageId: message.MessageId, receives }, "message failed on its last attempt");
    await failJobOfPoisonMessage(context, { body: message.Body, error, receives });
    // No retry is left: visible at once, so the queue moves it to the dead-letter queue without waiting.
    await setVisibility(0);
    return;
  }
  log.error({ err: error, messageId: message.MessageId, receives }, "message failed; it will be retried");
  // Come back sooner than the full visibility timeout, later with every receive.
  await setVisibility(Math.min(context.config.QUEUE_VISIBILITY_SECONDS, 2 ** receives));
}
