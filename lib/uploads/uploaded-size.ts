import { HeadObjectCommand } from "@aws-sdk/client-s3";
import type { AppContext } from "@/lib/context";

/** The size of an uploaded object, or undefined when nothing is stored under `key` yet. */
export async function uploadedSize(context: AppContext, key: string): Promise<number | undefined> {
  try {
    const head = await context.clients.s3.send(new HeadObjectCommand({ Bucket: context.config.S3_BUCKET, Key: key }));
    return head.ContentLength ?? 0;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
    throw error;
  }
}
