import { getCustomerJob } from "@/lib/db/jobs";
import { withApiKey } from "@/lib/http/with-api-key";
import { openErrorReport } from "@/lib/imports/open-error-report";

export const GET = withApiKey<{ jobId: string }>({ scope: "imports:read" }, async ({ context, customerId, params }) => {
  const report = await openErrorReport(context, await getCustomerJob(context, { customerId, jobId: params.jobId }));
  return new Response(report.body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${report.fileName}"`,
      "cache-control": "no-store",
    },
  });
});
