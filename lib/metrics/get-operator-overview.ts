import type { AppContext } from "@/lib/context";
import { OperatorOverview } from "@/lib/metrics/operator-overview";
import { readSystemSnapshot } from "@/lib/metrics/read-system-snapshot";
import { processMetrics } from "@/lib/metrics/registry";

/** The operator overview: the shared picture from SQS and DynamoDB, and this web process's own request figures. */
export async function getOperatorOverview(context: AppContext, nowMs = Date.now()): Promise<OperatorOverview> {
  const snapshot = await readSystemSnapshot(context, nowMs);
  const perMinute = snapshot.jobs.recordsPerMinute.map((minute, index, minutes) => {
    // The last minute is the minute so far: its rate is over the seconds elapsed.
    const seconds = index === minutes.length - 1 ? Math.max((nowMs % 60_000) / 1000, 1) : 60;
    return { ...minute, perSecond: (minute.valid + minute.rejected) / seconds };
  });
  const valid = Math.round(perMinute.reduce((total, minute) => total + minute.valid, 0));
  const rejected = Math.round(perMinute.reduce((total, minute) => total + minute.rejected, 0));
  return OperatorOverview.parse({
    generatedAt: new Date(nowMs).toISOString(),
    queue: snapshot.queue,
    samples: snapshot.samples,
    jobs: { byState: snapshot.jobs.jobsByState, isCapped: snapshot.jobs.isCapped },
    records: { perMinute, lastHour: { valid, rejected, rejectedShare: valid + rejected === 0 ? null : rejected / (valid + rejected) } },
    api: { openSockets: snapshot.openSockets, points: processMetrics().requestSeries.points(nowMs) },
  });
}
