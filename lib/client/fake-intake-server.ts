import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HEADER_CONTENT_SHA256, sha256Hex, SIGNING_ALGORITHM } from "@/lib/auth/signing";
import type { ApiJob, UploadView } from "@/lib/client/intake-client";

const AUTHORIZATION = new RegExp(`^${SIGNING_ALGORITHM} Credential=ik_[A-Za-z0-9_-]+, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$`);

/** One PUT that reached the fake storage. */
export interface ReceivedPut {
  uploadId: string;
  part: number | "whole";
  bytes: number;
  contentLength?: string;
}

/**
 * A test double of the Intake API and of S3's presigned PUTs, on a real HTTP
 * server on 127.0.0.1 port 0: enough of /api/v1 for uploads, jobs and socket
 * tokens. It refuses requests whose Authorization header is not of the Intake
 * scheme or whose body hash does not match, and records what it received.
 */
export interface FakeIntakeServer {
  url: string;
  httpServer: Server;
  requests: { method: string; path: string; idempotencyKey?: string }[];
  puts: ReceivedPut[];
  /** Assembled bytes of each completed upload. */
  completed: Map<string, Buffer>;
  uploads: Map<string, UploadView>;
  /** Jobs returned by GET /api/v1/jobs/:id; a function is called on each GET. */
  jobs: Map<string, ApiJob | (() => ApiJob)>;
  /** Error report CSV per job id. */
  errorReports: Map<string, string>;
  /** Part number → how many more PUTs of it fail with 500. */
  failingParts: Map<number, number>;
  /** The job POST /api/v1/jobs creates, given the upload id. */
  createJob?: (uploadId: string) => ApiJob;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const isProblem = status >= 400;
  response.writeHead(status, { "content-type": isProblem ? "application/problem+json" : "application/json", "x-request-id": randomUUID(), ...headers });
  response.end(JSON.stringify(body));
}

function problem(response: ServerResponse, status: number, detail: string): void {
  send(response, status, { type: "https://intake.dev/problems/test", title: "Refused by the fake", status, detail });
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the fake; `partSize` decides multipart part sizes, `singlePutMaxBytes` the single-PUT limit. */
export async function startFakeIntakeServer(options: { partSize: number; singlePutMaxBytes: number }): Promise<FakeIntakeServer> {
  const parts = new Map<string, Map<number, { etag: string; data: Buffer }>>();
  const fake: FakeIntakeServer = {
    url: "",
    httpServer: createServer(),
    requests: [],
    puts: [],
    completed: new Map(),
    uploads: new Map(),
    jobs: new Map(),
    errorReports: new Map(),
    failingParts: new Map(),
    close: () => new Promise<void>((resolve) => fake.httpServer.close(() => resolve())),
  };

  async function storage(request: IncomingMessage, response: ServerResponse, uploadId: string, partName: string): Promise<void> {
    const data = await readAll(request);
    const part = partName === "whole" ? "whole" : Number(partName);
    fake.puts.push({ uploadId, part, bytes: data.length, contentLength: request.headers["content-length"] });
    const failures = typeof part === "number" ? (fake.failingParts.get(part) ?? 0) : 0;
    if (failures > 0) {
      fake.failingParts.set(part as number, failures - 1);
      response.writeHead(500).end("<Error><Code>InternalError</Code></Error>");
      return;
    }
    const etag = `"${createHash("md5").update(data).digest("hex")}"`;
    if (!parts.has(uploadId)) parts.set(uploadId, new Map());
    parts.get(uploadId)?.set(part === "whole" ? 0 : part, { etag, data });
    response.writeHead(200, { etag }).end();
  }

  function complete(response: ServerResponse, upload: UploadView, listed: { partNumber: number; etag: string }[] | undefined): void {
    const stored = parts.get(upload.uploadId) ?? new Map<number, { etag: string; data: Buffer }>();
    const numbers = upload.mode === "single" ? [0] : Array.from({ length: upload.partCount ?? 0 }, (_, index) => index + 1);
    const chunks: Buffer[] = [];
    for (const number of numbers) {
      const part = stored.get(number);
      const etag = upload.mode === "single" ? part?.etag : listed?.find((candidate) => candidate.partNumber === number)?.etag;
      if (!part || part.etag !== etag) return problem(response, 400, `Part ${number} is missing or its ETag does not match.`);
      chunks.push(part.data);
    }
    const whole = Buffer.concat(chunks);
    if (whole.length !== upload.size) return problem(response, 422, `Got ${whole.length} bytes; ${upload.size} were declared.`);
    fake.completed.set(upload.uploadId, whole);
    const done: UploadView = { ...upload, state: "completed", completedAt: new Date().toISOString() };
    fake.uploads.set(upload.uploadId, done);
    send(response, 200, { upload: done });
  }

  async function api(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const body = await readAll(request);
    const method = request.method ?? "GET";
    fake.requests.push({ method, path, idempotencyKey: request.headers["idempotency-key"] as string | undefined });
    if (!AUTHORIZATION.test(request.headers.authorization ?? "")) return problem(response, 401, "Sign the request.");
    if (request.headers[HEADER_CONTENT_SHA256] !== sha256Hex(body)) return problem(response, 401, "The body hash does not match.");
    const input = body.length > 0 ? (JSON.parse(body.toString()) as Record<string, unknown>) : {};
    const [, resource, id, action] = path.split("/").slice(2);

    if (resource === "uploads" && method === "POST" && id === undefined) {
      const size = Number(input.size);
      const uploadId = `upl_${randomUUID()}`;
      const base = { uploadId, fileName: String(input.fileName), size, state: "pending" as const, createdAt: new Date().toISOString() };
      if (size <= options.singlePutMaxBytes) {
        fake.uploads.set(uploadId, { ...base, mode: "single" });
        return send(response, 201, { upload: fake.uploads.get(uploadId), url: `${fake.url}/s3/${uploadId}/whole` });
      }
      fake.uploads.set(uploadId, { ...base, mode: "multipart", partSize: options.partSize, partCount: Math.ceil(size / options.partSize) });
      return send(response, 201, { upload: fake.uploads.get(uploadId) });
    }
    const upload = resource === "uploads" && id ? fake.uploads.get(id) : undefined;
    if (upload && action === "parts") {
      const numbers = input.partNumbers as number[];
      return send(response, 200, { parts: numbers.map((partNumber) => ({ partNumber, url: `${fake.url}/s3/${upload.uploadId}/${partNumber}` })), expiresAt: "2099-01-01T00:00:00Z" });
    }
    if (upload && action === "complete") return complete(response, upload, input.parts as { partNumber: number; etag: string }[] | undefined);
    if (upload && method === "GET") return send(response, 200, { upload });
    if (resource === "jobs" && method === "POST" && id === undefined && fake.createJob) {
      const job = fake.createJob(String(input.uploadId));
      fake.jobs.set(job.jobId, fake.jobs.get(job.jobId) ?? job);
      return send(response, 202, { job, statusUrl: job.links.self });
    }
    const job = resource === "jobs" && id ? fake.jobs.get(id) : undefined;
    if (job && action === "errors" && fake.errorReports.has(id as string)) {
      response.writeHead(200, { "content-type": "text/csv; charset=utf-8" }).end(fake.errorReports.get(id as string));
      return;
    }
    if (job && method === "GET") return send(response, 200, { job: typeof job === "function" ? job() : job });
    if (resource === "realtime" && id === "token") return send(response, 201, { token: "socket-token", expiresAt: new Date(Date.now() + 300_000).toISOString(), path: "/socket.io/" });
    problem(response, 404, `No fake for ${method} ${path}.`);
  }

  fake.httpServer.on("request", (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? "/", "http://fake").pathname;
    const storagePath = /^\/s3\/([^/]+)\/([^/]+)$/.exec(path);
    const handled = storagePath ? storage(request, response, storagePath[1] as string, storagePath[2] as string) : api(request, response, path);
    handled.catch((error: unknown) => problem(response, 500, String(error)));
  });
  await new Promise<void>((resolve) => fake.httpServer.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(fake.httpServer.address() as AddressInfo).port}`;
  return fake;
}
