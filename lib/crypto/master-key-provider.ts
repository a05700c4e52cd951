import { KMSClient } from "@aws-sdk/client-kms";
import type { Config } from "@/lib/config";
import type { AppContext } from "@/lib/context";
import { perContext } from "@/lib/context-memo";
import { createKmsMasterKeyProvider } from "@/lib/crypto/kms-master-key-provider";
import { open, seal } from "@/lib/crypto/seal";
import { AppError } from "@/lib/errors";

/**
 * What a wrapped data key is bound to. A wrapped key only unwraps for the same
 * customer and version, so a key item copied onto another customer (or another
 * version) is refused rather than silently used. KMS takes this as its
 * encryption context.
 */
export interface WrapContext {
  customerId: string;
  version: number;
}

/**
 * Wraps and unwraps customer data keys under the master key. The local provider
 * seals with the master key in the process; the AWS KMS provider
 * (kms-master-key-provider.ts) implements the same two calls with
 * Encrypt/Decrypt, so callers never see the master key itself.
 */
export interface MasterKeyProvider {
  /** Encrypts a data key for storage; the result is opaque. */
  wrap(dataKey: Buffer, context: WrapContext): Promise<Buffer>;
  /** Decrypts what `wrap` produced with the same context; anything else is refused. */
  unwrap(wrapped: Buffer, context: WrapContext): Promise<Buffer>;
}

function wrapAad(context: WrapContext): string {
  return `intake:data-key\u0000${context.customerId}\u0000${context.version}`;
}

/** The embedded shape's provider: AES-256-GCM under the master key from the key file or MASTER_KEY. */
export function createLocalMasterKeyProvider(masterKey: Buffer): MasterKeyProvider {
  return {
    async wrap(dataKey, context) {
      return seal(masterKey, dataKey, wrapAad(context));
    },
    async unwrap(wrapped, context) {
      return open(masterKey, wrapped, wrapAad(context));
    },
  };
}

/** Region, credentials and retries as lib/aws/clients.ts gives the other SDK clients. */
function createKmsClient(config: Config): KMSClient {
  const credentials =
    config.AWS_ACCESS_KEY_ID && config.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: config.AWS_ACCESS_KEY_ID, secretAccessKey: config.AWS_SECRET_ACCESS_KEY }
      : undefined;
  return new KMSClient({ region: config.AWS_REGION, credentials, endpoint: config.KMS_ENDPOINT, maxAttempts: 5 });
}

function createMasterKeyProvider(context: AppContext): MasterKeyProvider {
  const { config } = context;
  if (config.MASTER_KEY_PROVIDER === "kms") {
    // The config schema refuses kms without KMS_KEY_ID; this guards a hand-built config.
    if (!config.KMS_KEY_ID) throw new AppError("internal", { message: "MASTER_KEY_PROVIDER is kms but KMS_KEY_ID is not set." });
    return createKmsMasterKeyProvider({ kms: createKmsClient(config), keyId: config.KMS_KEY_ID });
  }
  return createLocalMasterKeyProvider(context.masterKey);
}

const providers = perContext(createMasterKeyProvider);

/**
 * The data-key provider MASTER_KEY_PROVIDER names, one per context (one KMS
 * client each, and tests with their own keys never mix). Its idle connections
 * do not hold the process open; it goes with its context.
 */
export function getMasterKeyProvider(context: AppContext): MasterKeyProvider {
  return providers.of(context);
}
