import { appendFileSync } from "node:fs";
import { createServer } from "node:http";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { getConfig } from "@/lib/config";
import { closeAppContext, createAppContext, type AppContext } from "@/lib/context";
import { attachSocketServer } from "@/lib/realtime/socket-server";
import { onShutdown } from "@/lib/runtime/on-shutdown";
import { prepareRuntime } from "@/lib/runtime/prepare-runtime";
import { startWorkerLoop, workerShutdownGraceMs } from "@/worker/worker-loop";

/*
 * The processes of `npm run bench:realtime`, one entry started twice:
 * BENCH_REALTIME_ROLE=web   — Socket.IO on its own HTTP server, fed by the Redis bus
 *                             (server.ts without Next.js: the event path is the same);
 * BENCH_REALTIME_ROLE=worker — the worker loop (as `npm run start:worker`), which also
 *                             appends every chunk-count commit to BENCH_COMMIT_LOG.
 */

/** One commit of a chunk's counts into its job, as the benchmark reads it back. */
export interface CommitRecord {
  jobId: string;
  /** The job's progressSeq after the write: every event with this seq or later includes it. */
  seq: number;
  /** When DynamoDB acknowledged the write (epoch ms with a fraction). */
  committedAt: number;
}

const now = () => performance.timeOrigin + performance.now();

/** The writes that store a chunk's counts in its job (recordChunkProgress, markChunkDone in lib/db/job-chunks.ts). */
function isChunkCountWrite(command: unknown): command is UpdateCommand {
  return command instanceof UpdateCommand && (command.input.UpdateExpression ?? "").includes("chunkCounts.#chunk");
}

/**
 * Wraps this process's DynamoDB document client to note each acknowledged chunk
 * count write, so the benchmark knows what each commit is and when it landed.
 * The import code is untouched; the note is one small synchronous append.
 */
function recordCommits(context: AppContext, logFile: string): void {
  const documents = context.clients.documents;
  const send = documents.send.bind(documents) as (command: unknown) => Promise<{ Attributes?: Record<string, unknown> }>;
  documents.send = (async (command: unknown) => {
    const result = await send(command);
    if (isChunkCountWrite(command) && result.Attributes) {
      const record: CommitRecord = { jobId: String(result.Attributes.jobId), seq: Number(result.Attributes.progressSeq), committedAt: now() };
      appendFileSync(logFile, `${JSON.stringify(record)}\n`);
    }
    return result;
  }) as typeof documents.send;
}

async function runWeb(): Promise<void> {
  const context = await createAppContext(getConfig());
  const server = createServer((_request, response) => response.writeHead(200).end("ok"));
  const sockets = attachSocketServer(server, context);
  await new Promise<void>((resolve) => server.listen(context.config.PORT, "127.0.0.1", resolve));
  onShutdown(async () => {
    await sockets.close();
    await closeAppContext(context);
  });
}

async function runWorker(commitLog: string): Promise<void> {
  const { config } = await prepareRuntime({ startEmulators: false });
  const context = await createAppContext(config);
  recordCommits(context, commitLog);
  const worker = startWorkerLoop(context);
  onShutdown(
    async () => {
      await worker.close();
      await closeAppContext(context);
    },
    { graceMs: workerShutdownGraceMs(config) },
  );
}

const role = process.env.BENCH_REALTIME_ROLE;
if (role === "web") await runWeb();
else if (role === "worker") await runWorker(process.env.BENCH_COMMIT_LOG ?? ".data/bench-realtime-run/commits.jsonl");
else throw new Error(`BENCH_REALTIME_ROLE must be web or worker, not ${role}`);
