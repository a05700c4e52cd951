import { z } from "zod";
import type { ApiJob } from "@/lib/imports/api-job";
import { JobState } from "@/lib/imports/job-states";
import { JobCounts } from "@/lib/realtime/events";
import type { CreatedUpload } from "@/lib/uploads/create-upload";
import type { UploadView } from "@/lib/uploads/upload-record";

/*
 * Response bodies as zod schemas, for the OpenAPI document. The handlers build
 * these values with plain functions; the type checks at the bottom make the
 * compiler refuse any drift between a schema and the type the handler returns.
 */

export const ApiJobSchema = z.object({
  jobId: z.string(),
  templateId: z.string(),
  templateVersion: z.number().int().optional().describe("The template version the job imports with."),
  dataset: z.string(),
  state: JobState,
  fileName: z.string(),
  fileSize: z.number().int(),
  counts: JobCounts,
  bytesProcessed: z.number().int(),
  seq: z.number().int().describe("Increases with every change; order events and responses by it."),
  hasErrorReport: z.boolean(),
  failureReason: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  progress: z.object({
    percent: z.number().int().min(0).max(100),
    recordsPerSecond: z.number(),
    etaSeconds: z.number().nullable(),
  }),
  links: z.object({ self: z.string(), errors: z.string().nullable() }),
});

export const UploadViewSchema = z.object({
  uploadId: z.string(),
  fileName: z.string(),
  size: z.number().int(),
  mode: z.enum(["single", "multipart"]),
  partSize: z.number().int().optional(),
  partCount: z.number().int().optional(),
  state: z.enum(["pending", "completed", "aborted"]),
  createdAt: z.string(),
  completedAt: z.string().optional(),
});

export const CreatedUploadSchema = z.object({
  upload: UploadViewSchema,
  url: z.string().optional().describe("Single-PUT uploads: PUT the file's bytes here."),
  expiresAt: z.string().optional(),
});

export const StoredRecordSchema = z.object({
  recordKey: z.string(),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  jobId: z.string(),
  updatedAt: z.string(),
});

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const checks: [Same<z.infer<typeof ApiJobSchema>, ApiJob>, Same<z.infer<typeof UploadViewSchema>, UploadView>, Same<z.infer<typeof CreatedUploadSchema>, CreatedUpload>] = [true, true, true];
void checks;
