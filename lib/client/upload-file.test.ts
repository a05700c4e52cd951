import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeIntakeServer, type FakeIntakeServer } from "@/lib/client/fake-intake-server";
import { createIntakeClient, type IntakeClient } from "@/lib/client/intake-client";
import { uploadFile, type UploadProgress } from "@/lib/client/upload-file";
import { UploadResumeState } from "@/lib/client/upload-resume-state";

const MEBIBYTE = 1024 * 1024;
const PART_SIZE = 5 * MEBIBYTE;
/** Five parts, the last one short. */
const LARGE_SIZE = 20 * MEBIBYTE + 12_345;
const FAST_RETRY = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

let fake: FakeIntakeServer;
let client: IntakeClient;
let directory: string;

beforeEach(async () => {
  fake = await startFakeIntakeServer({ partSize: PART_SIZE, singlePutMaxBytes: MEBIBYTE });
  client = createIntakeClient({ baseUrl: fake.url, keyId: "ik_test", secret: "test-secret", retry: FAST_RETRY });
  directory = await mkdtemp(join(tmpdir(), `intake-client-${randomUUID()}-`));
});

afterEach(async () => {
  await fake.close();
  await rm(directory, { recursive: true, force: true });
});

async function writeRandomFile(size: number): Promise<{ path: string; sha256: string }> {
  const path = join(directory, "records.csv");
  const data = randomBytes(size);
  await writeFile(path, data);
  return { path, sha256: createHash("sha256").update(data).digest("hex") };
}

const sha256 = (data: Buffer | undefined) => createHash("sha256").update(data ?? Buffer.alloc(0)).digest("hex");
const partsPut = (uploadId: string) => fake.puts.filter((put) => put.uploadId === uploadId).map((put) => put.part);

describe("uploadFile", () => {
  it("uploads a large file in parts that assemble to the same bytes, and reports every byte once", async () => {
    const file = await writeRandomFile(LARGE_SIZE);
    const progress: UploadProgress[] = [];

    const upload = await uploadFile(client, { path: file.path, concurrency: 3, retry: FAST_RETRY, onProgress: (event) => progress.push(event) });

    expect(upload).toMatchObject({ state: "completed", mode: "multipart", partCount: 5, size: LARGE_SIZE, fileName: "records.csv" });
    expect(sha256(fake.completed.get(upload.uploadId))).toBe(file.sha256);
    expect(partsPut(upload.uploadId).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(fake.puts.map((put) => Number(put.contentLength))).toEqual(fake.puts.map((put) => put.bytes));
    expect(progress.at(-1)).toEqual({ sentBytes: LARGE_SIZE, totalBytes: LARGE_SIZE });
    expect(Math.max(...progress.map((event) => event.sentBytes))).toBe(LARGE_SIZE);
    expect(existsSync(`${file.path}.intake-upload.json`)).toBe(false);
  });

  it("retries a part that fails once, without counting its bytes twice", async () => {
    const file = await writeRandomFile(LARGE_SIZE);
    fake.failingParts.set(3, 1);
    const progress: UploadProgress[] = [];

    const upload = await uploadFile(client, { path: file.path, retry: FAST_RETRY, onProgress: (event) => progress.push(event) });

    expect(partsPut(upload.uploadId).filter((part) => part === 3)).toHaveLength(2);
    expect(sha256(fake.completed.get(upload.uploadId))).toBe(file.sha256);
    expect(progress.at(-1)?.sentBytes).toBe(LARGE_SIZE);
  });

  it("keeps its progress when a part keeps failing, and a second run uploads only the missing parts", async () => {
    const file = await writeRandomFile(LARGE_SIZE);
    const statePath = join(directory, "state.json");
    fake.failingParts.set(4, FAST_RETRY.attempts);

    await expect(uploadFile(client, { path: file.path, resumeStatePath: statePath, retry: FAST_RETRY })).rejects.toThrow(/Part 4 failed after 3 attempts/);
    const saved = UploadResumeState.parse(JSON.parse(await readFile(statePath, "utf8")));
    // Part 5 may or may not have started before part 4 gave up; 1 to 3 were done first.
    expect(Object.keys(saved.done)).toEqual(expect.arrayContaining(["1", "2", "3"]));
    expect(saved.done["4"]).toBeUndefined();
    const missing = [1, 2, 3, 4, 5].filter((part) => saved.done[String(part)] === undefined);
    const missingBytes = missing.reduce((sum, part) => sum + Math.min(PART_SIZE, LARGE_SIZE - (part - 1) * PART_SIZE), 0);

    const putsBefore = fake.puts.length;
    const progress: UploadProgress[] = [];
    const upload = await uploadFile(client, { path: file.path, resumeStatePath: statePath, retry: FAST_RETRY, onProgress: (event) => progress.push(event) });

    expect(upload.uploadId).toBe(saved.uploadId);
    expect(fake.puts.slice(putsBefore).map((put) => put.part).sort()).toEqual(missing);
    expect(fake.requests.filter((request) => request.method === "POST" && request.path === "/api/v1/uploads")).toHaveLength(1);
    expect(sha256(fake.completed.get(upload.uploadId))).toBe(file.sha256);
    expect(progress[0]?.sentBytes).toBe(LARGE_SIZE - missingBytes);
    expect(existsSync(statePath)).toBe(false);
  });

  it("starts over when the file changed since the saved state", async () => {
    const file = await writeRandomFile(LARGE_SIZE);
    const statePath = `${file.path}.intake-upload.json`;
    const stale: UploadResumeState = { uploadId: "upl_gone", size: LARGE_SIZE, mtimeMs: 1, partSize: PART_SIZE, done: { "1": '"x"' } };
    await writeFile(statePath, JSON.stringify(stale));

    const upload = await uploadFile(client, { path: file.path, retry: FAST_RETRY });

    expect(upload.uploadId).not.toBe("upl_gone");
    expect(partsPut(upload.uploadId).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(fake.requests.some((request) => request.path.includes("upl_gone"))).toBe(false);
  });

  it("sends a small file as one streamed PUT with its Content-Length", async () => {
    const file = await writeRandomFile(200_000);

    const upload = await uploadFile(client, { path: file.path, fileName: "people.csv", retry: FAST_RETRY });

    expect(upload).toMatchObject({ state: "completed", mode: "single", fileName: "people.csv" });
    expect(fake.puts).toEqual([{ uploadId: upload.uploadId, part: "whole", bytes: 200_000, contentLength: "200000" }]);
    expect(sha256(fake.completed.get(upload.uploadId))).toBe(file.sha256);
  });
});
