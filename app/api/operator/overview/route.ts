import { withSession } from "@/lib/http/with-session";
import { getOperatorOverview } from "@/lib/metrics/get-operator-overview";

export const dynamic = "force-dynamic";

export const GET = withSession({ roles: ["operator"] }, async ({ context }) =>
  Response.json(await getOperatorOverview(context), { headers: { "cache-control": "no-store" } }),
);
