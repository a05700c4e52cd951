import { setImmediate as nextTurn } from "node:timers/promises";
import { Server } from "socket.io";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeIntakeServer, type FakeIntakeServer } from "@/lib/client/fake-intake-server";
import { followJob } from "@/lib/client/follow-job";
import { createIntakeClient, type ApiJob, type IntakeClient } from "@/lib/client/intake-client";
import type { JobState } from "@/lib/imports/job-states";
import type { ClientToServerEvents, JobProgressEvent, ServerToClientEvents } from "@/lib/realtime/events";

const JOB_ID = "job-1";

function makeJob(input: { state: JobState; seq: number; rows?: number }): ApiJob {
  const rows = input.rows ?? 0;
  return {
    jobId: JOB_ID,
    templateId: "contacts",
    dataset: "contacts",
    state: input.state,
    fileName: "contacts.csv",
    fileSize: 1_000,
    counts: { rows, valid: rows, rejected: 0 },
    bytesProcessed: 0,
    seq: input.seq,
    hasErrorReport: false,
    createdAt: "2030-01-01T00:00:00.000Z",
    updatedAt: "2030-01-01T00:00:00.000Z",
    startedAt: "2030-01-01T00:00:00.000Z",
    progress: { percent: 0, recordsPerSecond: 0, etaSeconds: null },
    links: { self: `/api/v1/jobs/${JOB_ID}`, errors: null },
  };
}

function event(input: { state: JobState; seq: number; rows: number }): JobProgressEvent {
  return {
    jobId: JOB_ID,
    customerId: "cus_test",
    state: input.state,
    counts: { rows: input.rows, valid: input.rows, rejected: 0 },
    bytesProcessed: input.rows * 10,
    fileSize: 1_000,
    seq: input.seq,
    at: `2030-01-01T00:00:0${input.seq}.000Z`,
  };
}

async function waitUntil(check: () => boolean, deadlineMs = 2_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let fake: FakeIntakeServer;
let client: IntakeClient;
let io: Server<ClientToServerEvents, ServerToClientEvents> | undefined;

beforeEach(async () => {
  fake = await startFakeIntakeServer({ partSize: 5 * 1024 * 1024, singlePutMaxBytes: 1024 });
  client = createIntakeClient({ baseUrl: fake.url, keyId: "ik_test", secret: "secret", retry: { baseDelayMs: 1, maxDelayMs: 5 } });
});

afterEach(async () => {
  await new Promise<void>((resolve) => (io ? io.close(() => resolve()) : resolve()));
  io = undefined;
  await fake.close();
});

const jobGets = () => fake.requests.filter((request) => request.method === "GET" && request.path === `/api/v1/jobs/${JOB_ID}`).length;

describe("followJob", () => {
  it("applies live events in order, drops a stale one, and resolves with the job fetched at the end", async () => {
    io = new Server(fake.httpServer);
    io.use((socket, next) => next(socket.handshake.auth.token === "socket-token" ? undefined : new Error("unauthorized")));
    io.on("connection", (socket) =>
      socket.on("job:subscribe", async (request, acknowledge) => {
        await socket.join(`job:${request.jobId}`);
        acknowledge(request.jobId === JOB_ID ? { ok: true } : { ok: false, error: "not_found" });
      }),
    );
    let serverJob = makeJob({ state: "queued", seq: 1 });
    fake.jobs.set(JOB_ID, () => {
      // The second GET is the catch-up fetch after subscribing: play the events once it is answered.
      if (jobGets() === 2) {
        void nextTurn().then(() => {
          for (const next of [event({ state: "running", seq: 2, rows: 10 }), event({ state: "queued", seq: 1, rows: 12_345 }), event({ state: "finalizing", seq: 3, rows: 80 }), event({ state: "succeeded", seq: 4, rows: 90 })]) {
            io?.to(`job:${JOB_ID}`).emit("job:progress", next);
          }
          serverJob = makeJob({ state: "succeeded", seq: 4, rows: 100 });
        });
      }
      return serverJob;
    });
    const updates: ApiJob[] = [];

    const final = await followJob(client, { jobId: JOB_ID, baseUrl: fake.url, onUpdate: (job) => updates.push(job), timeoutMs: 5_000 });

    expect(final).toMatchObject({ state: "succeeded", seq: 4, counts: { rows: 100, valid: 100 } });
    expect(updates.some((job) => job.counts.rows === 12_345)).toBe(false);
    const seqs = updates.map((job) => job.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect([...new Set(updates.map((job) => job.state))]).toEqual(["queued", "running", "finalizing", "succeeded"]);
    await waitUntil(() => io?.sockets.sockets.size === 0);
  });

  it("polls while the socket cannot connect, and still reaches the end", async () => {
    const states: JobState[] = ["queued", "running", "running", "finalizing", "completed_with_errors"];
    fake.jobs.set(JOB_ID, () => {
      const index = Math.min(jobGets() - 1, states.length - 1);
      return makeJob({ state: states[index] as JobState, seq: index + 1, rows: index * 10 });
    });
    const seen: JobState[] = [];

    const final = await followJob(client, { jobId: JOB_ID, baseUrl: fake.url, pollIntervalMs: 20, timeoutMs: 5_000, onUpdate: (job) => seen.push(job.state) });

    expect(final.state).toBe("completed_with_errors");
    expect(seen).toEqual(expect.arrayContaining(["queued", "running", "finalizing", "completed_with_errors"]));
  });

  it("gives up after timeoutMs with a message naming the job and its state", async () => {
    fake.jobs.set(JOB_ID, makeJob({ state: "running", seq: 2 }));

    await expect(followJob(client, { jobId: JOB_ID, baseUrl: fake.url, pollIntervalMs: 20, timeoutMs: 150 })).rejects.toThrow(`Job ${JOB_ID} was still running after 150 ms.`);
  });

  it("stops, closing its timers, when its signal aborts", async () => {
    fake.jobs.set(JOB_ID, makeJob({ state: "running", seq: 2 }));
    const controller = new AbortController();

    const following = followJob(client, { jobId: JOB_ID, baseUrl: fake.url, pollIntervalMs: 20, signal: controller.signal, onUpdate: () => controller.abort() });

    await expect(following).rejects.toThrow(`Stopped following job ${JOB_ID}.`);
    const getsAtStop = jobGets();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(jobGets()).toBe(getsAtStop);
  });

  it("returns a job that is already over without opening a socket", async () => {
    fake.jobs.set(JOB_ID, makeJob({ state: "succeeded", seq: 7, rows: 3 }));

    await expect(followJob(client, { jobId: JOB_ID, baseUrl: fake.url })).resolves.toMatchObject({ state: "succeeded", counts: { rows: 3 } });
    expect(fake.requests.map((request) => request.path)).toEqual([`/api/v1/jobs/${JOB_ID}`]);
  });

  it("rejects with the API's problem when the job cannot be seen", async () => {
    await expect(followJob(client, { jobId: "nobody", baseUrl: fake.url })).rejects.toMatchObject({ status: 404 });
  });
});
