import { clientIp } from "@/lib/http/client-ip";
import { withIpRateLimit } from "@/lib/http/with-ip-rate-limit";
import { authorizeMetricsReader } from "@/lib/metrics/authorize-metrics-reader";
import { renderMetrics } from "@/lib/metrics/render-metrics";

export const dynamic = "force-dynamic";

/** Prometheus text format: this web process's request metrics, plus queue and job gauges read from SQS and DynamoDB. */
export const GET = withIpRateLimit(async ({ request, context }) => {
  await authorizeMetricsReader(context, { request, ip: clientIp(request, context.config.TRUSTED_PROXIES) });
  const { contentType, body } = await renderMetrics(context);
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
