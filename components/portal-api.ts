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

export const portalApi = {
  getJob: (jobId: string) => request<{ job: JobView }>(`/api/portal/jobs/${jobId}`).then((body) => body.job),
  cancelJob: (jobId: string) => request<{ job: JobView }>(`/api/portal/jobs/${jobId}/cancel`, { method: "POST" }).then((body) => body.job),
  getJobTimeline: (jobId: string) => request<{ timeline: StateChange[] }>(`/api/portal/jobs/${jobId}/timeline`).then((body) => body.timeline),
  getRejectedRows: (jobId: string) => request<RejectedRowsPreview>(`/api/portal/jobs/${jobId}/rejected-rows`),
};
