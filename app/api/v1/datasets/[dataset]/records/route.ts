import { z } from "zod";
import { listRecordsPage } from "@/lib/db/records";
import { withApiKey } from "@/lib/http/with-api-key";
import { DatasetName } from "@/lib/imports/template";

const ListRecordsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: z.string().min(1).max(1024).optional(),
});

export const GET = withApiKey<{ dataset: string }>({ scope: "imports:read" }, async ({ request, context, customerId, params }) => {
  const dataset = DatasetName.parse(params.dataset);
  const query = ListRecordsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await listRecordsPage(context, { customerId, dataset, limit: query.limit, after: query.after });
  return Response.json({ records: page.records, nextAfter: page.nextAfter ?? null });
});
