import type { AppContext } from "@/lib/context";
import { perContext } from "@/lib/context-memo";
import { getJob, type Job } from "@/lib/db/jobs";
import { AppError } from "@/lib/errors";
import type { JobState } from "@/lib/imports/job-states";
import { log } from "@/lib/log";
import type { JobProgressEvent } from "@/lib/realtime/events";

export interface JobStatusCacheOptions {
  /** A job read longer ago than this is read again in the background; the answer in hand goes out meanwhile. */
  refreshAfterMs: number;
  /** A job read longer ago than this (the background reads kept failing) is read again before answering. */
  maxAgeMs: number;
  maxEntries: number;
}

export const JOB_STATUS_CACHE_DEFAULTS: JobStatusCacheOptions = { refreshAfterMs: 1_000, maxAgeMs: 5_000, maxEntries: 10_000 };

/** States in which the worker publishes every change: the only ones kept. A job in any other state is read per request. */
const IN_FLIGHT = new Set<JobState>(["planning", "running", "finalizing"]);

interface Entry {
  job: Job;
  readAt: number;
  isRefreshing?: boolean;
}

export interface JobStatusCache {
  /** The customer's job, as fresh as its progress events; another customer's job is "not found". */
  read(input: { customerId: string; jobId: string }): Promise<Job>;
  /** Drops a job this process just changed, so its next answer is read from the store. */
  forget(jobId: string): void;
  close(): void;
}

/** The event's progress on the job, when the event is newer than what the job holds. */
function withProgress(job: Job, event: JobProgressEvent): Job {
  if (event.seq <= job.progressSeq) return job;
  return { ...job, state: event.state, counts: event.counts, bytesProcessed: event.bytesProcessed, fileSize: event.fileSize, progressSeq: event.seq, updatedAt: event.at, startedAt: event.startedAt ?? job.startedAt };
}

/**
 * Jobs as the status routes serve them, in one web process. A job read from
 * DynamoDB while in flight (planning, running, finalizing: the states in which
 * the worker publishes every change) is kept and brought up to date by the
 * progress events the process already receives from the bus (the ones its
 * sockets forward), so a program polling a running import is answered from
 * memory, as fresh as a live socket, without a read per request. A kept job is
 * read again in the background once its read is `refreshAfterMs` old (fields
 * no event carries, events lost while Redis was away), and before answering
 * once it is `maxAgeMs` old. An event that takes the job out of flight sends
 * the next request to the store: a job in any other state is read per request.
 */
export function createJobStatusCache(context: AppContext, options: JobStatusCacheOptions = JOB_STATUS_CACHE_DEFAULTS): JobStatusCache {
  const entries = new Map<string, Entry>();

  const unsubscribe = context.bus.subscribe((event) => {
    const entry = entries.get(event.jobId);
    if (!entry) return;
    entry.job = withProgress(entry.job, event);
    // Out of flight: the next request reads the store (for fields the event lacks); the entry stays as a marker of
    // the newest change, so a background read that started before this event cannot put the older job back.
    if (!IN_FLIGHT.has(entry.job.state)) entry.readAt = -Infinity;
  });

  async function readFromStore(jobId: string): Promise<Job | undefined> {
    const readAt = Date.now();
    const job = await getJob(context, jobId);
    const entry = entries.get(jobId);
    if (job && entry && entry.job.progressSeq > job.progressSeq) {
      // An event newer than this read arrived while it was out.
      if (entry.readAt !== -Infinity) entry.readAt = readAt;
      return job;
    }
    if (!job || !IN_FLIGHT.has(job.state)) {
      entries.delete(jobId);
      return job;
    }
    if (entries.size >= options.maxEntries && !entry) entries.clear();
    entries.set(jobId, { job, readAt });
    return job;
  }

  function refreshInBackground(jobId: string, entry: Entry): void {
    if (entry.isRefreshing) return;
    entry.isRefreshing = true;
    readFromStore(jobId)
      .catch((error: unknown) => log.warn({ err: error, jobId }, "job status refresh failed"))
      .finally(() => {
        entry.isRefreshing = false;
      });
  }

  return {
    async read({ customerId, jobId }) {
      const entry = entries.get(jobId);
      const age = entry ? Date.now() - entry.readAt : Infinity; // an entry marked out of flight is Infinity old
      let job: Job | undefined;
      if (entry && age <= options.maxAgeMs) {
        if (age > options.refreshAfterMs) refreshInBackground(jobId, entry);
        job = entry.job;
      } else {
        job = await readFromStore(jobId);
      }
      if (!job || job.customerId !== customerId) throw new AppError("not_found", { message: "No such job." });
      return job;
    },
    forget(jobId) {
      entries.delete(jobId);
    },
    close: unsubscribe,
  };
}

const statusCaches = perContext((context) => createJobStatusCache(context));

/** Drops a job from this context's status cache, if it has one. */
export function forgetJobStatus(context: AppContext, jobId: string): void {
  statusCaches.peek(context)?.forget(jobId);
}

/** The process's status cache for this context, made on first use. */
export function jobStatusCacheOf(context: AppContext): JobStatusCache {
  return statusCaches.of(context);
}
