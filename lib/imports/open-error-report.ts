import { GetObjectCommand } from "@aws-sdk/client-s3";
import type { AppContext } from "@/lib/context";
import { getCustomerJob } from "@/lib/db/jobs";
import { AppError } from "@/lib/errors";

/** Streams a job's error report out of S3, for the job's own customer only. */
export async function openErrorReport(
  context: AppContext,
  input: { customerId: string; jobId: string },
): Promise<{ body: ReadableStream; fileName: string }> {
  const job = await getCustomerJob(context, input);
  if (!job.errorReportKey) throw new AppError("not_found", { message: "This job has no error report." });
  const object = await context.clients.s3.send(
    new GetObjectCommand({ Bucket: context.config.S3_BUCKET, Key: job.errorReportKey }),
  );
  if (!object.Body) throw new AppError("not_found", { message: "This job has no error report." });
  return { body: object.Body.transformToWebStream(), fileName: `errors-${job.jobId}.csv` };
}
