import { applyJobEvent } from "@/lib/client/apply-job-event";
import { IntakeApiError } from "@/lib/client/intake-api-error";
import type { ApiJob, IntakeClient } from "@/lib/client/intake-client";
import { openJobSocket } from "@/lib/client/open-job-socket";
import { isTerminalState } from "@/lib/imports/job-states";

/** What to follow and how; see followJob. */
export interface FollowJobOptions {
  jobId: string;
  /** The Intake server's URL; Socket.IO connects to its origin. */
  baseUrl: string;
  /** Called with every newer view of the job, the first fetch and the final one included. */
  onUpdate?: (job: ApiJob) => void;
  /** Rejects when the job is not terminal by then; no limit by default. */
  timeoutMs?: number;
  /** How often to poll while the socket is not subscribed. */
  pollIntervalMs?: number;
  signal?: AbortSignal;
}

/** A failure polling cannot outlast: the job is gone or the key may not see it. */
function isFatal(error: unknown): boolean {
  return error instanceof IntakeApiError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}

/**
 * Follows a job to a terminal state: live through Socket.IO (stale events
 * dropped by `seq`), polling getJob while the socket is not subscribed and once
 * after every (re)subscription so it never sticks. Resolves with the job fetched
 * once more at the end, for the authoritative counts; the socket is closed
 * whatever the outcome.
 */
export async function followJob(client: IntakeClient, options: FollowJobOptions): Promise<ApiJob> {
  const { jobId } = options;
  let job = await client.getJob({ jobId });
  options.onUpdate?.(job);
  if (isTerminalState(job.state)) return job;

  return new Promise<ApiJob>((resolve, reject) => {
    let isLive = false;
    /** No more updates are taken once the job is terminal or following stopped. */
    let isDone = false;
    let isSettled = false;
    let isPolling = false;
    let isPollRequested = false;

    const socket = openJobSocket({
      client,
      baseUrl: options.baseUrl,
      jobId,
      onSubscribed(isSubscribed) {
        isLive = isSubscribed;
        // Events may have gone by while the socket was away: fetch once to catch up.
        if (isSubscribed) void poll();
      },
      onEvent(event) {
        const next = applyJobEvent(job, event);
        if (next !== job) accept(next);
      },
    });
    const interval = setInterval(() => {
      if (!isLive) void poll();
    }, options.pollIntervalMs ?? 2_000);
    const timeout =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => stop(new Error(`Job ${jobId} was still ${job.state} after ${options.timeoutMs} ms.`)), options.timeoutMs);
    const onAbort = () => stop(new Error(`Stopped following job ${jobId}.`));
    options.signal?.addEventListener("abort", onAbort, { once: true });

    function stop(outcome: ApiJob | Error): void {
      if (isSettled) return;
      isSettled = true;
      isDone = true;
      clearInterval(interval);
      clearTimeout(timeout);
      options.signal?.removeEventListener("abort", onAbort);
      socket.close();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    }

    function accept(next: ApiJob): void {
      if (isDone || next.seq < job.seq) return;
      job = next;
      options.onUpdate?.(job);
      if (isTerminalState(job.state)) void finish();
    }

    async function finish(): Promise<void> {
      isDone = true;
      const final = await client.getJob({ jobId }).catch(() => job);
      if (final !== job && final.seq >= job.seq) {
        job = final;
        options.onUpdate?.(job);
      }
      stop(job);
    }

    async function poll(): Promise<void> {
      isPollRequested = true;
      if (isPolling) return;
      isPolling = true;
      while (isPollRequested && !isDone) {
        isPollRequested = false;
        try {
          accept(await client.getJob({ jobId }));
        } catch (error) {
          if (isFatal(error) && !isDone) stop(error as IntakeApiError);
        }
      }
      isPolling = false;
    }

    if (options.signal?.aborted) onAbort();
  });
}
