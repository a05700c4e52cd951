import { randomBytes } from "node:crypto";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { seal } from "@/lib/crypto/seal";

export const API_SCOPES = ["imports:read", "imports:write"] as const;
export const ApiScope = z.enum(API_SCOPES);
export type ApiScope = z.infer<typeof ApiScope>;

/** An API key as stored: the secret only sealed under the master key. */
export const ApiKey = z.object({
  keyId: z.string(),
  customerId: z.string(),
  name: z.string(),
  scopes: z.array(ApiScope),
  secretSealed: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().optional(),
  revokedAt: z.string().optional(),
});
export type ApiKey = z.infer<typeof ApiKey>;

/** The associated data that binds a sealed secret to its key id. */
export function apiKeySecretAad(keyId: string): string {
  return `intake:api-key:${keyId}`;
}

/**
 * Creates an API key. The secret is returned here once and stored only sealed:
 * HMAC verification needs it back, so it is encrypted rather than hashed.
 */
export async function createApiKey(
  context: AppContext,
  input: { customerId: string; name: string; scopes: ApiScope[]; expiresAt?: string },
): Promise<{ key: ApiKey; secret: string }> {
  const keyId = `ik_${randomBytes(9).toString("base64url")}`;
  const secret = `iks_${randomBytes(32).toString("base64url")}`;
  const key: ApiKey = {
    keyId,
    customerId: input.customerId,
    name: input.name,
    scopes: input.scopes,
    secretSealed: seal(context.masterKey, Buffer.from(secret), apiKeySecretAad(keyId)).toString("base64"),
    createdAt: new Date().toISOString(),
    expiresAt: input.expiresAt,
  };
  await context.clients.documents.send(
    new PutCommand({ TableName: tableName(context.config.TABLE_PREFIX, "apiKeys"), Item: key, ConditionExpression: "attribute_not_exists(keyId)" }),
  );
  return { key, secret };
}
