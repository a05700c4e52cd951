import { z } from "zod";
import { getRecord } from "@/lib/db/records";
import { AppError } from "@/lib/errors";
import { withApiKey } from "@/lib/http/with-api-key";
import { DatasetName } from "@/lib/imports/template";

export const GET = withApiKey<{ dataset: string; recordKey: string }>({ scope: "imports:read" }, async ({ context, customerId, params }) => {
  const dataset = DatasetName.parse(params.dataset);
  const recordKey = z.string().min(1).max(1024).parse(params.recordKey);
  const record = await getRecord(context, { customerId, dataset, recordKey });
  if (!record) throw new AppError("not_found", { message: "No such record." });
  return Response.json({ record });
});
