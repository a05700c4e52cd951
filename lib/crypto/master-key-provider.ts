import type { AppContext } from "@/lib/context";
import { open, seal } from "@/lib/crypto/seal";

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
 * seals with the master key in the process; an AWS KMS provider (a later issue)
 * implements the same two calls with Encrypt/Decrypt, so callers never see the
 * master key itself.
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

const providers = new WeakMap<AppContext, MasterKeyProvider>();

/** The provider for this context's master key (one per context, so tests with their own keys never mix). */
export function getMasterKeyProvider(context: AppContext): MasterKeyProvider {
  let provider = providers.get(context);
  if (!provider) {
    provider = createLocalMasterKeyProvider(context.masterKey);
    providers.set(context, provider);
  }
  return provider;
}
