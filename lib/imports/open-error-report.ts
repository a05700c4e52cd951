import type { Readable } from "node:stream";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import type { AppContext } from "@/lib/context";
import { decryptErrorReport } from "@/lib/crypto/error-report-cipher";
import type { Job } from "@/lib/db/jobs";
import { AppError } from "@/lib/errors";

/** A web stream over decrypted frames, starting with one already read. */
function toWebStream(first: IteratorResult<Buffer>, rest: AsyncGenerator<Buffer>): ReadableStream<Uint8Array> {
  let pending: IteratorResult<Buffer> | undefined = first;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = pending ?? (await rest.next());
      pending = undefined;
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await rest.return(undefined);
    },
  });
}

/**
 * Streams a job's error report out of S3, decrypting it frame by frame. The
 * caller read the job for its customer (getCustomerJob), so another
 * customer's job never gets here. A damaged or truncated object errors the
 * stream rather than ending it early, so a download is never silently incomplete.
 */
export async function openErrorReport(context: AppContext, job: Job): Promise<{ body: ReadableStream; fileName: string }> {
  if (!job.errorReportKey) throw new AppError("not_found", { message: "This job has no error report." });
  const object = await context.clients.s3.send(
    new GetObjectCommand({ Bucket: context.config.S3_BUCKET, Key: job.errorReportKey }),
  );
  if (!object.Body) throw new AppError("not_found", { message: "This job has no error report." });
  const frames = decryptErrorReport(context, { customerId: job.customerId, objectKey: job.errorReportKey, body: object.Body as Readable });
  // Opening the first frame before answering turns a wrong key or a damaged header into an error response, not a broken download.
  const first = await frames.next();
  return { body: toWebStream(first, frames), fileName: `errors-${job.jobId}.csv` };
}
