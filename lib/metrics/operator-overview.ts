import { z } from "zod";
import { JobState } from "@/lib/imports/job-states";

const count = z.number().int().min(0);
const instant = z.iso.datetime();

/** What the operator overview shows; the route and the browser both parse it with this schema. */
export const OperatorOverview = z.object({
  generatedAt: instant,
  queue: z.object({ waiting: count, inFlight: count, deadLetter: count }),
  /** Queue depths and open sockets over the last hour, one sample per look. */
  samples: z.array(z.object({ at: instant, queueWaiting: count, deadLetter: count, openSockets: count })),
  jobs: z.object({ byState: z.record(JobState, count), isCapped: z.boolean() }),
  records: z.object({
    perMinute: z.array(z.object({ at: instant, valid: z.number().min(0), rejected: z.number().min(0), perSecond: z.number().min(0) })),
    lastHour: z.object({ valid: count, rejected: count, rejectedShare: z.number().min(0).max(1).nullable() }),
  }),
  /** This web process only: other web processes keep their own. */
  api: z.object({
    openSockets: count,
    points: z.array(
      z.object({
        at: instant,
        requestsPerMinute: z.number().min(0),
        p95Ms: z.number().min(0).nullable(),
        errorRate: z.number().min(0).max(1).nullable(),
        rateLimited: count,
      }),
    ),
  }),
});
export type OperatorOverview = z.infer<typeof OperatorOverview>;
