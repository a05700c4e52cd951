/**
 * The size of a multipart upload's parts. Pure, so the browser cuts a file into
 * exactly the parts the server expects.
 */

const MIN_PART_BYTES = 8 * 1024 * 1024;
const MAX_PARTS = 10_000;
const MEBIBYTE = 1024 * 1024;

/** Part size: at least 8 MiB, whole MiB, and few enough parts for S3's limit of 10,000. */
export function choosePartSize(size: number): number {
  const needed = Math.ceil(size / MAX_PARTS / MEBIBYTE) * MEBIBYTE;
  return Math.max(MIN_PART_BYTES, needed);
}
