import { DecryptCommand, EncryptCommand, KMSServiceException, type KMSClient } from "@aws-sdk/client-kms";
import type { MasterKeyProvider, WrapContext } from "@/lib/crypto/master-key-provider";
import { AppError } from "@/lib/errors";

/** The `purpose` entry of every encryption context; infra/ lets the services use the key for this purpose only. */
export const DATA_KEY_PURPOSE = "intake:data-key";

/**
 * KMS binds the ciphertext to this map (it is authenticated, not secret, and
 * shows in CloudTrail), so a wrapped key unwraps only for the customer and
 * version it was made for, and a key policy can condition on `purpose`.
 */
function encryptionContext(context: WrapContext): Record<string, string> {
  return { purpose: DATA_KEY_PURPOSE, customerId: context.customerId, keyVersion: String(context.version) };
}

/** Throttling and server faults pass; a client fault is KMS saying no (wrong context, wrong key, no permission, disabled key). */
function isRefusal(error: unknown): boolean {
  return error instanceof KMSServiceException && error.$fault === "client" && error.name !== "ThrottlingException";
}

/** The SDK error stays as the cause for the log; the message names neither key material nor ciphertext. */
function toAppError(error: unknown, action: "wrap" | "unwrap", context: WrapContext): AppError {
  const detail = { customerId: context.customerId, keyVersion: context.version };
  if (isRefusal(error)) {
    return new AppError("internal", { message: `KMS refused to ${action} the data key.`, detail, cause: error });
  }
  return new AppError("dependency_unavailable", { message: "KMS is unavailable; try again.", detail, cause: error });
}

/**
 * Wraps data keys with AWS KMS Encrypt and unwraps them with Decrypt, so the
 * master key never leaves KMS.
 *
 * Data keys are still drawn locally (randomBytes in lib/crypto/data-keys.ts) and
 * then sent to Encrypt, rather than asked of GenerateDataKey: both are one KMS
 * call per new version and both give a key from a CSPRNG, and keeping the one
 * creation path means the local and KMS providers share the same two-call
 * interface and data-keys.ts need not know which one runs.
 *
 * Decrypt names the key id too: symmetric ciphertexts carry their key, but
 * pinning it means a wrapped key from some other KMS key is refused rather than
 * decrypted with whatever key the caller may use.
 */
export function createKmsMasterKeyProvider(input: { kms: KMSClient; keyId: string }): MasterKeyProvider {
  const { kms, keyId } = input;
  return {
    async wrap(dataKey, context) {
      try {
        const result = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: dataKey, EncryptionContext: encryptionContext(context) }));
        if (!result.CiphertextBlob) throw new AppError("internal", { message: "KMS returned no ciphertext." });
        return Buffer.from(result.CiphertextBlob);
      } catch (error) {
        throw error instanceof AppError ? error : toAppError(error, "wrap", context);
      }
    },
    async unwrap(wrapped, context) {
      try {
        const result = await kms.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: wrapped, EncryptionContext: encryptionContext(context) }));
        if (!result.Plaintext) throw new AppError("internal", { message: "KMS returned no plaintext." });
        return Buffer.from(result.Plaintext);
      } catch (error) {
        throw error instanceof AppError ? error : toAppError(error, "unwrap", context);
      }
    },
  };
}
