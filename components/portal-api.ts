import type { StateChange } from "@/lib/realtime/events";
import type { JobView } from "@/lib/imports/job-view";
import type { RejectedRowsPreview } from "@/lib/imports/read-first-rejected-rows";

/** A problem+json answer from the portal API, as an Error. */
export class PortalApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A JSON request to a portal route; a problem answer becomes a PortalApiError. */
export async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { "content-type": "application/json", ...init?.headers },
    credentials: "same-origin",
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string };
    throw new PortalApiError(response.status, problem.detail ?? `Request failed (${response.status}).`);
  }
  return (await response.json()) as T;
}

export interface CreatedJob {
  job: JobView;
  upload: { url: string; method: "PUT"; headers: Record<string, string> };
}

export const portalApi = {
  createJob: (input: { templateId: string; fileName: string; fileSize: number }) =>
    request<CreatedJob>("/api/portal/jobs", { method: "POST", body: JSON.stringify(input) }),
  startJob: (jobId: string) => request<{ job: JobView }>(`/api/portal/jobs/${jobId}/start`, { method: "POST" }),
  getJob: (jobId: string) => request<{ job: JobView }>(`/api/portal/jobs/${jobId}`).then((body) => body.job),
  cancelJob: (jobId: string) => request<{ job: JobView }>(`/api/portal/jobs/${jobId}/cancel`, { method: "POST" }).then((body) => body.job),
  getJobTimeline: (jobId: string) => request<{ timeline: StateChange[] }>(`/api/portal/jobs/${jobId}/timeline`).then((body) => body.timeline),
  getRejectedRows: (jobId: string) => request<RejectedRowsPreview>(`/api/portal/jobs/${jobId}/rejected-rows`),
};

/** PUTs a file to a presigned URL, reporting progress; the bytes never touch our servers. */
export function putFile(
  upload: CreatedJob["upload"],
  file: File,
  onProgress: (fraction: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method, upload.url);
    for (const [name, value] of Object.entries(upload.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error(`Upload failed (${xhr.status}).`)));
    xhr.onerror = () => reject(new Error("Upload failed: the storage service could not be reached."));
    xhr.send(file);
  });
}
