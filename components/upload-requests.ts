import { request } from "@/components/portal-api";
import type { JobView } from "@/lib/imports/job-view";
import type { UploadedPart } from "@/lib/uploads/list-upload-parts";
import type { CreatedUpload } from "@/lib/uploads/create-upload";

const base = (uploadId: string) => `/api/portal/uploads/${encodeURIComponent(uploadId)}`;
const post = (body: unknown) => ({ method: "POST", body });

/** The portal's upload routes, as Uppy's S3 plugin and the upload form call them. */
export const uploadsApi = {
  create: (input: { fileName: string; size: number }) => request<CreatedUpload>("/api/portal/uploads", post(input)),
  signPart: (uploadId: string, partNumber: number) =>
    request<{ parts: { partNumber: number; url: string }[] }>(`${base(uploadId)}/parts`, post({ partNumbers: [partNumber] })).then((body) => body.parts[0]!),
  listParts: (uploadId: string) => request<{ parts: UploadedPart[] }>(`${base(uploadId)}/parts`).then((body) => body.parts),
  complete: (uploadId: string, parts?: { partNumber: number; etag: string }[]) => request<unknown>(`${base(uploadId)}/complete`, post({ parts })),
  abort: (uploadId: string) => request<unknown>(base(uploadId), { method: "DELETE" }),
  createJob: (uploadId: string, input: { templateId: string; mapping?: Record<string, string> }) =>
    request<{ job: JobView }>(`${base(uploadId)}/job`, post(input)).then((body) => body.job),
};
