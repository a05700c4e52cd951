import type { StateChange } from "@/lib/realtime/events";
import type { JobView } from "@/lib/imports/job-view";
import type { RejectedRowsPreview } from "@/lib/imports/read-first-rejected-rows";

/** A problem+json answer from a portal or operator route, as an Error with its field messages (a validation failure names each bad field). */
export class PortalApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** A same-origin API call from the browser: JSON in and out, a problem thrown as PortalApiError. */
export async function request<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  const response = await fetch(path, {
    method: init?.method ?? "GET",
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
    headers: init?.body === undefined ? undefined : { "content-type": "application/json" },
    credentials: "same-origin",
    cache: "no-store",
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string; errors?: { path: string; message: string }[] };
    throw new PortalApiError(response.status, problem.detail ?? `Request failed (${response.status}).`, problem.errors);
  }
  return (await response.json()) as T;
}

/** A problem as lines to show: the detail, or each field message. */
export function problemMessages(error: unknown, describePath: (path: string) => string = (path) => path): string[] {
  if (!(error instanceof Error)) return ["The request failed."];
  if (!(error instanceof PortalApiError) || error.errors.length === 0) return [error.message];
  return error.errors.map((issue) => `${describePath(issue.path)}: ${issue.message}`);
}

export const portalApi = {
  getJob: (jobId: string) => request<{ job: JobView }>(`/api/portal/jobs/${jobId}`).then((body) => body.job),
  cancelJob: (jobId: string) => request<{ job: JobView }>(`/api/portal/jobs/${jobId}/cancel`, { method: "POST" }).then((body) => body.job),
  getJobTimeline: (jobId: string) => request<{ timeline: StateChange[] }>(`/api/portal/jobs/${jobId}/timeline`).then((body) => body.timeline),
  getRejectedRows: (jobId: string) => request<RejectedRowsPreview>(`/api/portal/jobs/${jobId}/rejected-rows`),
};
