import { getAppContext } from "@/lib/context";
import { checkHealth } from "@/lib/health/check-health";
import { handleRoute } from "@/lib/http/handle-route";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return handleRoute(request, async () => {
    const report = await checkHealth(await getAppContext());
    return Response.json(report, {
      status: report.status === "ok" ? 200 : 503,
      headers: { "cache-control": "no-store" },
    });
  });
}
