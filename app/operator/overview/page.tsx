import type { Metadata } from "next";
import { requirePageSession } from "@/app/_lib/page-session";
import { OperatorOverview } from "@/components/operator-overview";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  await requirePageSession(["operator"]);
  return (
    <section>
      <h1>Overview</h1>
      <p className="hint">
        Queues and jobs across every customer, read from SQS and DynamoDB. API requests, latency, rate-limit refusals and WebSocket connections are
        those of this web process; Prometheus scrapes every process at /api/metrics.
      </p>
      <OperatorOverview />
    </section>
  );
}
