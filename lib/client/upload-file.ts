import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { IntakeApiError } from "@/lib/client/intake-api-error";
import type { IntakeClient, UploadView } from "@/lib/client/intake-client";
import { putFileRange } from "@/lib/client/put-file-range";
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from "@/lib/client/retry-delay";
import { uploadParts } from "@/lib/client/upload-parts";
import { createUploadResumeStore, type UploadResumeState, type UploadResumeStore } from "@/lib/client/upload-resume-state";

/** Bytes on their way to storage. */
export interface UploadProgress {
  sentBytes: number;
  totalBytes: number;
}

/** The file to upload and how; see uploadFile. */
export interface UploadFileOptions {
  path: string;
  /** Shown in the portal; the file's own name by default. */
  fileName?: string;
  /** Parts in flight at once for a multipart upload. */
  concurrency?: number;
  onProgress?: (progress: UploadProgress) => void;
  /** Where a multipart upload keeps its progress; `<path>.intake-upload.json` by default. */
  resumeStatePath?: string;
  /** Attempts per part (or per single PUT) and the backoff between them. */
  retry?: Partial<RetryPolicy>;
  /** fetch for the PUTs to storage; the global one by default. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

interface FileIdentity {
  size: number;
  mtimeMs: number;
}

/**
 * The saved upload of this very file, when it can still be finished: the state
 * file matches the file's size and mtime and the API still has the upload
 * pending (or already completed it). Anything else discards the state file.
 */
async function findResumable(
  client: IntakeClient,
  store: UploadResumeStore,
  file: FileIdentity,
): Promise<{ state: UploadResumeState; upload: UploadView } | undefined> {
  const state = await store.load();
  if (!state) return undefined;
  if (state.size === file.size && state.mtimeMs === file.mtimeMs) {
    try {
      const upload = await client.getUpload({ uploadId: state.uploadId });
      const isUsable = upload.state === "completed" || (upload.state === "pending" && upload.mode === "multipart" && upload.partSize === state.partSize);
      if (isUsable) return { state, upload };
    } catch (error) {
      if (!(error instanceof IntakeApiError && error.status === 404)) throw error;
    }
  }
  await store.remove();
  return undefined;
}

async function putWhole(input: { url: string; path: string; size: number; fetch: typeof fetch; retry: RetryPolicy; onBytes: (delta: number) => void; signal?: AbortSignal }): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    let sent = 0;
    try {
      const onBytes = (bytes: number) => {
        sent += bytes;
        input.onBytes(bytes);
      };
      await putFileRange({ fetch: input.fetch, url: input.url, path: input.path, start: 0, end: input.size, onBytes, signal: input.signal });
      return;
    } catch (error) {
      input.onBytes(-sent);
      if (attempt >= input.retry.attempts || input.signal?.aborted) throw error;
      await sleep(retryDelayMs({ retry: attempt, policy: input.retry }), undefined, { signal: input.signal });
    }
  }
}

/**
 * Uploads a file to Intake straight into storage and completes the upload:
 * one streamed PUT for a small file, else a resumable multipart upload whose
 * progress is saved after every part (run it again after a failure and only the
 * missing parts go up). Resolves with the completed upload.
 */
export async function uploadFile(client: IntakeClient, options: UploadFileOptions): Promise<UploadView> {
  const info = await stat(options.path);
  if (!info.isFile()) throw new Error(`${options.path} is not a file.`);
  if (info.size === 0) throw new Error(`${options.path} is empty.`);
  const file: FileIdentity = { size: info.size, mtimeMs: info.mtimeMs };
  const store = createUploadResumeStore(options.resumeStatePath ?? `${options.path}.intake-upload.json`);
  const retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let sentBytes = 0;
  const onBytes = (delta: number) => {
    sentBytes += delta;
    options.onProgress?.({ sentBytes, totalBytes: file.size });
  };

  const resumable = await findResumable(client, store, file);
  if (resumable?.upload.state === "completed") {
    await store.remove();
    onBytes(file.size);
    return resumable.upload;
  }
  const shared = { client, fetch: fetchImpl, path: options.path, store, concurrency: options.concurrency ?? 4, retry, onBytes, signal: options.signal };
  if (resumable) return uploadParts({ ...shared, state: resumable.state, partCount: resumable.upload.partCount ?? 0 });

  const created = await client.createUpload({ fileName: options.fileName ?? basename(options.path), size: file.size });
  const { upload } = created;
  if (created.url) {
    await putWhole({ url: created.url, path: options.path, size: file.size, fetch: fetchImpl, retry, onBytes, signal: options.signal });
    return client.completeUpload({ uploadId: upload.uploadId });
  }
  if (!upload.partSize || !upload.partCount) throw new Error("The API answered a multipart upload without partSize and partCount.");
  const state: UploadResumeState = { uploadId: upload.uploadId, size: file.size, mtimeMs: file.mtimeMs, partSize: upload.partSize, done: {} };
  await store.save(state);
  return uploadParts({ ...shared, state, partCount: upload.partCount });
}
