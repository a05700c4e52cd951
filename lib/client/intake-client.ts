import { randomUUID } from "node:crypto";
import type { StoredRecord } from "@/lib/db/records";
import type { ApiJob } from "@/lib/imports/api-job";
import type { JobState } from "@/lib/imports/job-states";
import type { Template } from "@/lib/imports/template";
import type { CreatedUpload } from "@/lib/uploads/create-upload";
import type { UploadView } from "@/lib/uploads/upload-record";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "@/lib/client/retry-delay";
import { sendSignedRequest, type IntakeConnection, type SignedRequest } from "@/lib/client/send-signed-request";

export type { ApiJob, CreatedUpload, JobState, StoredRecord, Template, UploadView };

/** A presigned URL for one part of a multipart upload. */
export interface SignedPart {
  partNumber: number;
  url: string;
}

/** A short-lived token for `io(baseUrl, { auth: { token } })`. */
export interface SocketToken {
  token: string;
  expiresAt: string;
  /** The Socket.IO path on the server, "/socket.io/". */
  path: string;
}

/** A typed, signing client of the Intake API (/api/v1). Every method throws IntakeApiError on a non-2xx answer. */
export interface IntakeClient {
  readonly baseUrl: string;
  /** Starts an upload: a `url` to PUT to when small, else a multipart upload with `partSize` and `partCount`. */
  createUpload(input: { fileName: string; size: number }): Promise<CreatedUpload>;
  /** Presigned URLs for up to 100 parts; ask again to retry or resume a part. */
  signUploadParts(input: { uploadId: string; partNumbers: number[] }): Promise<{ parts: SignedPart[]; expiresAt: string }>;
  /** Completes an upload; multipart uploads list every part with the ETag S3 returned for it. */
  completeUpload(input: { uploadId: string; parts?: { partNumber: number; etag: string }[] }): Promise<UploadView>;
  abortUpload(input: { uploadId: string }): Promise<UploadView>;
  getUpload(input: { uploadId: string }): Promise<UploadView>;
  /**
   * Creates and queues a job for a completed upload. Sent with an Idempotency-Key
   * (a fresh one unless given), so retries never create two jobs.
   */
  createJob(input: { uploadId: string; templateId: string; mapping?: Record<string, string>; idempotencyKey?: string }): Promise<ApiJob>;
  getJob(input: { jobId: string }): Promise<ApiJob>;
  /** One page of jobs, newest first; pass `nextCursor` back as `cursor` for the next. */
  listJobs(input?: { state?: JobState; cursor?: string; limit?: number }): Promise<{ jobs: ApiJob[]; nextCursor: string | null }>;
  cancelJob(input: { jobId: string }): Promise<ApiJob>;
  /** A job's error report (CSV: row, reason, then the row's cells) as text, or as a stream for large reports. */
  downloadErrorReport(input: { jobId: string; as?: "text" }): Promise<string>;
  downloadErrorReport(input: { jobId: string; as: "stream" }): Promise<ReadableStream<Uint8Array>>;
  getRecord(input: { dataset: string; recordKey: string }): Promise<StoredRecord>;
  /** One page of a dataset in record-key order; pass `nextAfter` back as `after` for the next. */
  listRecords(input: { dataset: string; limit?: number; after?: string }): Promise<{ records: StoredRecord[]; nextAfter: string | null }>;
  listTemplates(): Promise<Template[]>;
  createSocketToken(): Promise<SocketToken>;
}

/** The server, the API key (id and secret) and, optionally, fetch and the retry policy. */
export interface IntakeClientOptions {
  baseUrl: string;
  keyId: string;
  secret: string;
  /** fetch to use; the global one by default. */
  fetch?: typeof fetch;
  retry?: Partial<RetryPolicy>;
}

const segment = encodeURIComponent;

/** Creates an Intake API client; each request is signed with the key's secret, which never leaves the process. */
export function createIntakeClient(options: IntakeClientOptions): IntakeClient {
  const connection: IntakeConnection = {
    baseUrl: options.baseUrl,
    keyId: options.keyId,
    secret: options.secret,
    fetch: options.fetch ?? globalThis.fetch,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
  };

  async function json<Body>(request: SignedRequest): Promise<Body> {
    const response = await sendSignedRequest(connection, request);
    return (await response.json()) as Body;
  }

  async function downloadErrorReport(input: { jobId: string; as?: "text" }): Promise<string>;
  async function downloadErrorReport(input: { jobId: string; as: "stream" }): Promise<ReadableStream<Uint8Array>>;
  async function downloadErrorReport(input: { jobId: string; as?: "text" | "stream" }): Promise<string | ReadableStream<Uint8Array>> {
    const response = await sendSignedRequest(connection, { method: "GET", path: `/api/v1/jobs/${segment(input.jobId)}/errors` });
    if (input.as !== "stream") return response.text();
    return response.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
  }

  return {
    baseUrl: options.baseUrl,
    createUpload: (input) => json<CreatedUpload>({ method: "POST", path: "/api/v1/uploads", json: input }),
    signUploadParts: ({ uploadId, partNumbers }) =>
      json({ method: "POST", path: `/api/v1/uploads/${segment(uploadId)}/parts`, json: { partNumbers } }),
    completeUpload: async ({ uploadId, parts }) =>
      (await json<{ upload: UploadView }>({ method: "POST", path: `/api/v1/uploads/${segment(uploadId)}/complete`, json: { parts } })).upload,
    abortUpload: async ({ uploadId }) =>
      (await json<{ upload: UploadView }>({ method: "DELETE", path: `/api/v1/uploads/${segment(uploadId)}` })).upload,
    getUpload: async ({ uploadId }) => (await json<{ upload: UploadView }>({ method: "GET", path: `/api/v1/uploads/${segment(uploadId)}` })).upload,
    createJob: async ({ idempotencyKey = randomUUID(), ...body }) =>
      (await json<{ job: ApiJob }>({ method: "POST", path: "/api/v1/jobs", json: body, headers: { "idempotency-key": idempotencyKey } })).job,
    getJob: async ({ jobId }) => (await json<{ job: ApiJob }>({ method: "GET", path: `/api/v1/jobs/${segment(jobId)}` })).job,
    listJobs: (input = {}) => json({ method: "GET", path: "/api/v1/jobs", query: input }),
    cancelJob: async ({ jobId }) => (await json<{ job: ApiJob }>({ method: "POST", path: `/api/v1/jobs/${segment(jobId)}/cancel` })).job,
    downloadErrorReport,
    getRecord: async ({ dataset, recordKey }) =>
      (await json<{ record: StoredRecord }>({ method: "GET", path: `/api/v1/datasets/${segment(dataset)}/records/${segment(recordKey)}` })).record,
    listRecords: ({ dataset, limit, after }) => json({ method: "GET", path: `/api/v1/datasets/${segment(dataset)}/records`, query: { limit, after } }),
    listTemplates: async () => (await json<{ templates: Template[] }>({ method: "GET", path: "/api/v1/templates" })).templates,
    createSocketToken: () => json<SocketToken>({ method: "POST", path: "/api/v1/realtime/token" }),
  };
}
