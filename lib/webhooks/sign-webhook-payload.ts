import { createHmac } from "node:crypto";

/** The prefix of a Standard Webhooks signing secret; the rest is base64 key bytes. */
export const WEBHOOK_SECRET_PREFIX = "whsec_";

/**
 * The `webhook-signature` header value of the Standard Webhooks scheme:
 * `v1,` + base64 HMAC-SHA256 over `${id}.${timestamp}.${payload}`, keyed with the
 * base64-decoded bytes of the secret after `whsec_`. Any Standard Webhooks (or
 * Svix) verifier library accepts it.
 */
export function signWebhookPayload(input: {
  webhookMessageId: string;
  timestampSeconds: number;
  payload: string;
  secret: string;
}): string {
  if (!Number.isSafeInteger(input.timestampSeconds)) {
    throw new RangeError("timestampSeconds must be whole seconds since the epoch");
  }
  const encodedKey = input.secret.startsWith(WEBHOOK_SECRET_PREFIX)
    ? input.secret.slice(WEBHOOK_SECRET_PREFIX.length)
    : input.secret;
  const signature = createHmac("sha256", Buffer.from(encodedKey, "base64"))
    .update(`${input.webhookMessageId}.${input.timestampSeconds}.${input.payload}`)
    .digest("base64");
  return `v1,${signature}`;
}
