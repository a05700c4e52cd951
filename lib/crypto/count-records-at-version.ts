import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { datasetPartitions } from "@/lib/db/record-partitions";

/**
 * How many of the customer's records in these datasets are stored under one key
 * version. Reads every record of those datasets (a filter does not make a query
 * cheaper), so it is for rare operator actions like retiring a version.
 */
export async function countRecordsAtVersion(
  context: AppContext,
  input: { customerId: string; datasets: string[]; version: number },
): Promise<number> {
  let count = 0;
  for (const partition of input.datasets.flatMap((dataset) => datasetPartitions(input.customerId, dataset))) {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await context.clients.documents.send(
        new QueryCommand({
          TableName: tableName(context.config.TABLE_PREFIX, "records"),
          KeyConditionExpression: "#partition = :partition",
          FilterExpression: "keyVersion = :version",
          ExpressionAttributeNames: { "#partition": "partition" },
          ExpressionAttributeValues: { ":partition": partition, ":version": input.version },
          Select: "COUNT",
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      count += page.Count ?? 0;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
  return count;
}
