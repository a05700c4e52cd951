import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { INDEXES, tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";

/** The dataset name of jobs that are not imports (re-encryption): they own no records. */
export const ALL_DATASETS = "*";

/**
 * The datasets a customer holds records in, and an upper bound on how many
 * records that is. Records are only written by import jobs, and every job names
 * its dataset, so the customer's jobs (one indexed query) say which record
 * partitions to visit, without scanning the records table. The bound sums valid
 * rows of imports; upserts of the same key make the real count lower.
 */
export async function listCustomerDatasets(
  context: AppContext,
  customerId: string,
): Promise<{ datasets: string[]; estimatedRecords: number }> {
  const datasets = new Set<string>();
  let estimatedRecords = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await context.clients.documents.send(
      new QueryCommand({
        TableName: tableName(context.config.TABLE_PREFIX, "jobs"),
        IndexName: INDEXES.jobsByCustomer,
        KeyConditionExpression: "customerId = :customerId",
        ExpressionAttributeValues: { ":customerId": customerId },
        ProjectionExpression: "dataset, counts",
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const dataset = String(item.dataset);
      if (dataset === ALL_DATASETS) continue;
      datasets.add(dataset);
      const valid = (item.counts as { valid?: unknown } | undefined)?.valid;
      if (typeof valid === "number") estimatedRecords += valid;
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return { datasets: [...datasets].sort(), estimatedRecords };
}
