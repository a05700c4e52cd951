import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { INDEXES, tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { parseJob, type Job } from "@/lib/db/jobs";
import { AppError } from "@/lib/errors";
import { JobState } from "@/lib/imports/job-states";

export const ListJobsQuery = z.object({
  state: JobState.optional(),
  createdAfter: z.iso.datetime().optional(),
  createdBefore: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(1000).optional(),
}).refine((query) => !query.createdAfter || !query.createdBefore || query.createdAfter <= query.createdBefore, {
  message: "createdAfter must not be later than createdBefore",
  path: ["createdAfter"],
});
export type ListJobsQuery = z.infer<typeof ListJobsQuery>;

const Cursor = z.object({ jobId: z.string(), customerId: z.string(), createdAt: z.string() });

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

function decodeCursor(cursor: string, customerId: string): Record<string, unknown> {
  try {
    const key = Cursor.parse(JSON.parse(Buffer.from(cursor, "base64url").toString()));
    if (key.customerId === customerId) return key;
  } catch {
    // fall through: a cursor that does not decode is simply invalid
  }
  throw new AppError("validation_failed", { message: "The cursor is not valid." });
}

/** One page of a customer's jobs, newest first, optionally by state and creation time. */
export async function listJobsPage(
  context: AppContext,
  input: ListJobsQuery & { customerId: string },
): Promise<{ jobs: Job[]; nextCursor?: string }> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ":customerId": input.customerId };
  let keyCondition = "customerId = :customerId";
  if (input.createdAfter || input.createdBefore) {
    keyCondition += " AND createdAt BETWEEN :after AND :before";
    values[":after"] = input.createdAfter ?? "0000";
    values[":before"] = input.createdBefore ?? "9999";
  }
  let filter: string | undefined;
  if (input.state) {
    filter = "#state = :state";
    names["#state"] = "state";
    values[":state"] = input.state;
  }
  const jobs: Job[] = [];
  let startKey = input.cursor ? decodeCursor(input.cursor, input.customerId) : undefined;
  // A filter can thin out a page: keep reading until the page is full or the jobs run out.
  do {
    const page = await context.clients.documents.send(
      new QueryCommand({
        TableName: tableName(context.config.TABLE_PREFIX, "jobs"),
        IndexName: INDEXES.jobsByCustomer,
        KeyConditionExpression: keyCondition,
        FilterExpression: filter,
        ExpressionAttributeNames: filter ? names : undefined,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: input.limit - jobs.length,
        ExclusiveStartKey: startKey,
      }),
    );
    jobs.push(...(page.Items ?? []).map((item) => parseJob(item)));
    startKey = page.LastEvaluatedKey;
  } while (startKey && jobs.length < input.limit);
  return { jobs, nextCursor: startKey ? encodeCursor(startKey) : undefined };
}
