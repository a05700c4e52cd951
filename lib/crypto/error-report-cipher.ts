import type { Transform } from "node:stream";
import type { AppContext } from "@/lib/context";
import { getActiveDataKey } from "@/lib/crypto/data-keys";
import { createFrameEncryptor, decryptFrames } from "@/lib/crypto/framed-cipher";
import { createKeyRing } from "@/lib/crypto/record-cipher";

/** Where an error report lives; bound to every frame so a report cannot be passed off as another. */
export interface ErrorReportAddress {
  customerId: string;
  /** The S3 object key. */
  objectKey: string;
}

function errorReportAad(address: ErrorReportAddress): string {
  return `intake:error-report\u0000${address.customerId}\u0000${address.objectKey}`;
}

/**
 * A Transform that encrypts a report as it is written, under the customer's
 * active data key version (named in the object's header). Returns the version
 * too, for the object's metadata.
 */
export async function createErrorReportEncryptor(
  context: AppContext,
  address: ErrorReportAddress,
): Promise<{ stream: Transform; keyVersion: number }> {
  const { version, key } = await getActiveDataKey(context, address.customerId);
  return { stream: createFrameEncryptor({ key, version, associatedData: errorReportAad(address) }), keyVersion: version };
}

/**
 * Decrypts a stored report as it streams out of S3. Any version the customer
 * still holds opens; tampering or truncation throws instead of ending quietly.
 */
export function decryptErrorReport(
  context: AppContext,
  address: ErrorReportAddress & { body: AsyncIterable<Uint8Array> },
): AsyncGenerator<Buffer> {
  return decryptFrames(address.body, {
    associatedData: errorReportAad(address),
    keyFor: createKeyRing(context, address.customerId),
  });
}
