import { z } from "zod";
import { JobState } from "@/lib/imports/job-states";
import { JobCounts } from "@/lib/realtime/events";

/** The events a webhook endpoint can subscribe to: one per terminal job state. */
export const WEBHOOK_EVENTS = ["job.succeeded", "job.completed_with_errors", "job.failed", "job.cancelled"] as const;

export const WebhookEvent = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/**
 * The JSON body of every webhook delivery. It describes the job, never its
 * records or any secret.
 */
export const WebhookPayload = z.object({
  type: WebhookEvent,
  /** When the event happened (the job's end), ISO 8601. */
  timestamp: z.string(),
  data: z.object({
    jobId: z.string(),
    state: JobState,
    counts: JobCounts,
    fileName: z.string(),
    templateId: z.string(),
    finishedAt: z.string(),
    failureReason: z.string().optional(),
  }),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;

/** The event a job in this state announces, or undefined while it is still going. */
export function webhookEventForState(state: JobState): WebhookEvent | undefined {
  const parsed = WebhookEvent.safeParse(`job.${state}`);
  return parsed.success ? parsed.data : undefined;
}
