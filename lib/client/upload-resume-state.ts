import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { z } from "zod";

/** What a multipart upload has done so far, kept beside the file so a later run can finish it. */
export const UploadResumeState = z.object({
  uploadId: z.string().min(1),
  /** The file's size and modification time when the upload began; a changed file starts over. */
  size: z.number().int().min(1),
  mtimeMs: z.number(),
  partSize: z.number().int().min(1),
  /** Part number → the ETag S3 returned for it. */
  done: z.record(z.string().regex(/^\d+$/), z.string().min(1)),
});
export type UploadResumeState = z.infer<typeof UploadResumeState>;

/** Loads, saves and removes one resume-state file. Saves are serialized and atomic (write, then rename). */
export interface UploadResumeStore {
  /** The saved state, or undefined when there is none or it does not parse. */
  load(): Promise<UploadResumeState | undefined>;
  save(state: UploadResumeState): Promise<void>;
  remove(): Promise<void>;
}

/** A resume store for the state file at `path`. */
export function createUploadResumeStore(path: string): UploadResumeStore {
  let lastWrite: Promise<void> = Promise.resolve();
  const temporary = `${path}.${process.pid}.tmp`;

  return {
    async load() {
      const text = await readFile(path, "utf8").catch(() => undefined);
      if (text === undefined) return undefined;
      try {
        const parsed = UploadResumeState.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    save(state) {
      // Copy now: the caller keeps mutating `done` while an earlier write is in flight.
      const text = `${JSON.stringify({ ...state, done: { ...state.done } }, null, 2)}\n`;
      lastWrite = lastWrite.catch(() => undefined).then(async () => {
        await writeFile(temporary, text, { mode: 0o600 });
        await rename(temporary, path);
      });
      return lastWrite;
    },
    async remove() {
      await lastWrite.catch(() => undefined);
      await rm(path, { force: true });
    },
  };
}
