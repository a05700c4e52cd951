import { request } from "@/components/portal-api";
import type { JobView } from "@/lib/imports/job-view";
import type { DeadLetterList } from "@/lib/operator/list-dead-letters";
import { OperatorOverview } from "@/lib/metrics/operator-overview";
import type { RedriveResult } from "@/lib/operator/redrive-dead-letters";

export interface RotatedKey {
  version: number;
  job: JobView;
}

/** The operator routes, from the browser. */
export const operatorApi = {
  rotateKey: (customerId: string) =>
    request<RotatedKey>(`/api/operator/customers/${encodeURIComponent(customerId)}/rotate-key`, { method: "POST" }),
  getJob: (jobId: string) => request<{ job: JobView }>(`/api/operator/jobs/${encodeURIComponent(jobId)}`).then((body) => body.job),
  retryJob: (jobId: string) =>
    request<{ job: JobView }>(`/api/operator/jobs/${encodeURIComponent(jobId)}/retry`, { method: "POST" }).then((body) => body.job),
  listDeadLetters: () => request<DeadLetterList>("/api/operator/dead-letters"),
  getOverview: () => request<unknown>("/api/operator/overview").then((body) => OperatorOverview.parse(body)),
  redriveDeadLetters: () => request<RedriveResult>("/api/operator/dead-letters/redrive", { method: "POST" }),
};
