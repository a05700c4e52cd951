import { getCustomerJob } from "@/lib/db/jobs";
import { requireCustomerId, withSession } from "@/lib/http/with-session";
import { openErrorReport } from "@/lib/imports/open-error-report";

export const GET = withSession<{ jobId: string }>({}, async ({ session, context, params }) => {
  const report = await openErrorReport(context, await getCustomerJob(context, { customerId: requireCustomerId(session), jobId: params.jobId }));
  return new Response(report.body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${report.fileName}"`,
      "cache-control": "no-store",
    },
  });
});
