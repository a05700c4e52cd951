import { rotateDataKey } from "@/lib/crypto/rotate-data-key";
import { clientIp } from "@/lib/http/client-ip";
import { withSession } from "@/lib/http/with-session";
import { toJobView } from "@/lib/imports/job-view";
import { CustomerIdParams } from "@/lib/operator/operator-params";

export const POST = withSession<{ customerId: string }>({ roles: ["operator"] }, async ({ request, session, context, params }) => {
  const { customerId } = CustomerIdParams.parse(params);
  const { version, job } = await rotateDataKey(context, {
    customerId,
    actor: `user:${session.userId}`,
    ip: clientIp(request, context.config.TRUSTED_PROXIES),
  });
  return Response.json({ version, job: toJobView(job) }, { status: 201, headers: { "cache-control": "no-store" } });
});
