import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { Job } from "@/lib/db/jobs";

/** One request the receiver got. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers one request: a status code, or never ("hang"). */
export type ReceiverAnswer = number | "hang";

/** A running receiver: its URL, what it got so far, and how to stop it. */
export interface TestReceiver {
  /** Base URL, `http://127.0.0.1:<port>`. */
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * A webhook endpoint for tests on 127.0.0.1, port 0. It answers the n-th request
 * with `answers[n]`, repeating the last one (200 when none are given); a 3xx
 * carries a Location header.
 */
export async function startTestReceiver(answers: ReceiverAnswer[] = [200]): Promise<TestReceiver> {
  const received: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ method: request.method ?? "", path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const answer = answers[Math.min(received.length, answers.length) - 1] ?? 200;
      if (answer === "hang") return;
      if (answer >= 300 && answer < 400) response.setHeader("location", "/elsewhere");
      response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A job that has ended, as finalize would hand it over; nothing is stored. */
export function finishedJob(overrides: Partial<Job> & Pick<Job, "customerId">): Job {
  const finishedAt = new Date().toISOString();
  return {
    jobId: `job_${randomUUID()}`,
    templateId: "contacts",
    dataset: "contacts",
    state: "succeeded",
    fileName: "contacts.csv",
    fileSize: 1234,
    uploadKey: "uploads/test",
    counts: { rows: 10, valid: 9, rejected: 1 },
    bytesProcessed: 1234,
    progressSeq: 4,
    createdBy: "user:test",
    createdAt: finishedAt,
    updatedAt: finishedAt,
    startedAt: finishedAt,
    finishedAt,
    ...overrides,
  };
}
