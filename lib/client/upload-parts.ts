import { setTimeout as sleep } from "node:timers/promises";
import type { IntakeClient, UploadView } from "@/lib/client/intake-client";
import { putFileRange } from "@/lib/client/put-file-range";
import { retryDelayMs, type RetryPolicy } from "@/lib/client/retry-delay";
import { runWithConcurrency } from "@/lib/client/run-with-concurrency";
import type { UploadResumeState, UploadResumeStore } from "@/lib/client/upload-resume-state";

/** The API signs at most this many parts per request. */
const SIGN_BATCH_SIZE = 100;

/** A multipart upload under way: its saved state, the file, and how to send parts. */
export interface UploadPartsInput {
  client: IntakeClient;
  fetch: typeof fetch;
  path: string;
  /** Mutated as parts finish, and saved to `store` after each. */
  state: UploadResumeState;
  partCount: number;
  store: UploadResumeStore;
  concurrency: number;
  retry: RetryPolicy;
  /** Called with a signed byte delta: chunks as they go out, minus what a failed attempt had sent. */
  onBytes: (delta: number) => void;
  signal?: AbortSignal;
}

function partRange(state: UploadResumeState, partNumber: number): { start: number; end: number } {
  const start = (partNumber - 1) * state.partSize;
  return { start, end: Math.min(state.size, start + state.partSize) };
}

async function uploadOnePart(input: UploadPartsInput, partNumber: number, firstUrl: string): Promise<string> {
  const { start, end } = partRange(input.state, partNumber);
  let url = firstUrl;
  for (let attempt = 1; ; attempt += 1) {
    let sent = 0;
    try {
      const etag = await putFileRange({
        fetch: input.fetch,
        url,
        path: input.path,
        start,
        end,
        signal: input.signal,
        onBytes: (bytes) => {
          sent += bytes;
          input.onBytes(bytes);
        },
      });
      if (!etag) throw new Error(`Storage returned no ETag for part ${partNumber}.`);
      return etag;
    } catch (error) {
      input.onBytes(-sent);
      if (attempt >= input.retry.attempts || input.signal?.aborted) {
        throw new Error(`Part ${partNumber} failed after ${attempt} attempts: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      await sleep(retryDelayMs({ retry: attempt, policy: input.retry }), undefined, { signal: input.signal });
      // A fresh URL, in case the first one expired while the part waited its turn.
      const [fresh] = (await input.client.signUploadParts({ uploadId: input.state.uploadId, partNumbers: [partNumber] })).parts;
      url = fresh?.url ?? url;
    }
  }
}

/**
 * Uploads the parts of a multipart upload that `state` does not list as done:
 * signed in batches of up to 100, up to `concurrency` in flight, each retried
 * with backoff; then completes the upload and removes the resume state.
 */
export async function uploadParts(input: UploadPartsInput): Promise<UploadView> {
  const { state } = input;
  const allParts = Array.from({ length: input.partCount }, (_, index) => index + 1);
  const pending = allParts.filter((partNumber) => state.done[String(partNumber)] === undefined);
  const doneBytes = allParts.reduce((sum, partNumber) => {
    const { start, end } = partRange(state, partNumber);
    return state.done[String(partNumber)] === undefined ? sum : sum + end - start;
  }, 0);
  if (doneBytes > 0) input.onBytes(doneBytes);

  for (let offset = 0; offset < pending.length; offset += SIGN_BATCH_SIZE) {
    const batch = pending.slice(offset, offset + SIGN_BATCH_SIZE);
    const signed = await input.client.signUploadParts({ uploadId: state.uploadId, partNumbers: batch });
    const urls = new Map(signed.parts.map((part) => [part.partNumber, part.url]));
    await runWithConcurrency({
      items: batch,
      concurrency: input.concurrency,
      run: async (partNumber) => {
        const url = urls.get(partNumber);
        if (!url) throw new Error(`The API signed no URL for part ${partNumber}.`);
        state.done[String(partNumber)] = await uploadOnePart(input, partNumber, url);
        await input.store.save(state);
      },
    });
  }

  const parts = allParts.map((partNumber) => ({ partNumber, etag: state.done[String(partNumber)] as string }));
  const upload = await input.client.completeUpload({ uploadId: state.uploadId, parts });
  await input.store.remove();
  return upload;
}
