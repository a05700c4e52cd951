import { randomBytes } from "node:crypto";
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { forgetApiKey } from "@/lib/auth/credential-cache";
import { INDEXES, tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { unlessConditionFails } from "@/lib/db/conditional-write";
import { open, seal } from "@/lib/crypto/seal";
import { AppError } from "@/lib/errors";

export const API_SCOPES = ["imports:read", "imports:write"] as const;
export const ApiScope = z.enum(API_SCOPES);
export type ApiScope = z.infer<typeof ApiScope>;

/** An API key as stored: secrets only sealed under the master key. */
export const ApiKey = z.object({
  keyId: z.string(),
  customerId: z.string(),
  name: z.string(),
  scopes: z.array(ApiScope),
  secretSealed: z.string(),
  /** After a rotation, the old secret still works until previousSecretExpiresAt. */
  previousSecretSealed: z.string().optional(),
  previousSecretExpiresAt: z.string().optional(),
  createdAt: z.string(),
  rotatedAt: z.string().optional(),
  expiresAt: z.string().optional(),
  revokedAt: z.string().optional(),
});
export type ApiKey = z.infer<typeof ApiKey>;

/** An API key as its owner sees it: never a secret. */
export type ApiKeyView = Omit<ApiKey, "secretSealed" | "previousSecretSealed">;

export function toApiKeyView(key: ApiKey): ApiKeyView {
  const { secretSealed: _secret, previousSecretSealed: _previous, ...view } = key;
  return view;
}

/** The associated data that binds a sealed secret to its key id. */
export function apiKeySecretAad(keyId: string): string {
  return `intake:api-key:${keyId}`;
}

function apiKeysTable(context: AppContext): string {
  return tableName(context.config.TABLE_PREFIX, "apiKeys");
}

function newSecret(): string {
  return `iks_${randomBytes(32).toString("base64url")}`;
}

function sealSecret(context: AppContext, keyId: string, secret: string): string {
  return seal(context.masterKey, Buffer.from(secret), apiKeySecretAad(keyId)).toString("base64");
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
  const secret = newSecret();
  const key: ApiKey = {
    keyId,
    customerId: input.customerId,
    name: input.name,
    scopes: input.scopes,
    secretSealed: sealSecret(context, keyId, secret),
    createdAt: new Date().toISOString(),
    expiresAt: input.expiresAt,
  };
  await context.clients.documents.send(
    new PutCommand({ TableName: apiKeysTable(context), Item: key, ConditionExpression: "attribute_not_exists(keyId)" }),
  );
  return { key, secret };
}

export async function getApiKey(context: AppContext, keyId: string): Promise<ApiKey | undefined> {
  const { Item } = await context.clients.documents.send(new GetCommand({ TableName: apiKeysTable(context), Key: { keyId } }));
  return Item ? ApiKey.parse(Item) : undefined;
}

export async function listCustomerApiKeys(context: AppContext, customerId: string): Promise<ApiKey[]> {
  const { Items = [] } = await context.clients.documents.send(
    new QueryCommand({
      TableName: apiKeysTable(context),
      IndexName: INDEXES.apiKeysByCustomer,
      KeyConditionExpression: "customerId = :customerId",
      ExpressionAttributeValues: { ":customerId": customerId },
    }),
  );
  return Items.map((item) => ApiKey.parse(item));
}

/** Opened secrets per stored key item; an item read again (or changed) is a new object. */
const openedSecrets = new WeakMap<ApiKey, { current: string; previous?: string }>();

/** The secrets that verify a signature now: the current one, and the previous one during a rotation overlap. */
export function openApiKeySecrets(context: AppContext, key: ApiKey, now = new Date()): string[] {
  let opened = openedSecrets.get(key);
  if (!opened) {
    const aad = apiKeySecretAad(key.keyId);
    const openSealed = (sealed: string) => open(context.masterKey, Buffer.from(sealed, "base64"), aad).toString();
    opened = { current: openSealed(key.secretSealed), previous: key.previousSecretSealed ? openSealed(key.previousSecretSealed) : undefined };
    openedSecrets.set(key, opened);
  }
  const isPreviousValid = opened.previous !== undefined && key.previousSecretExpiresAt !== undefined && new Date(key.previousSecretExpiresAt) > now;
  return isPreviousValid ? [opened.current, opened.previous!] : [opened.current];
}

async function updateCustomerKey(
  context: AppContext,
  input: { customerId: string; keyId: string; update: string; values: Record<string, unknown>; condition?: string },
): Promise<ApiKey> {
  // Dropped once the write is in, so a read racing with it cannot keep the old key cached.
  const updated = await unlessConditionFails(
    context.clients.documents.send(
      new UpdateCommand({
        TableName: apiKeysTable(context),
        Key: { keyId: input.keyId },
        UpdateExpression: input.update,
        ConditionExpression: ["customerId = :customerId AND attribute_not_exists(revokedAt)", input.condition].filter(Boolean).join(" AND "),
        ExpressionAttributeValues: { ":customerId": input.customerId, ...input.values },
        ReturnValues: "ALL_NEW",
      }),
    ),
  ).finally(() => forgetApiKey(context, input.keyId));
  if (!updated) throw new AppError("not_found", { message: "No such API key." });
  return ApiKey.parse(updated.Attributes);
}

/** Revokes a key of this customer at once; a foreign or already revoked key is "not found". */
export function revokeApiKey(context: AppContext, input: { customerId: string; keyId: string }): Promise<ApiKey> {
  return updateCustomerKey(context, {
    ...input,
    update: "SET revokedAt = :now REMOVE previousSecretSealed, previousSecretExpiresAt",
    values: { ":now": new Date().toISOString() },
  });
}

/**
 * Gives a key a new secret (shown once). The old secret keeps working for
 * `overlapSeconds`, so callers can roll over without downtime.
 */
export async function rotateApiKey(
  context: AppContext,
  input: { customerId: string; keyId: string; overlapSeconds: number },
): Promise<{ key: ApiKey; secret: string }> {
  const current = await getApiKey(context, input.keyId);
  if (!current || current.customerId !== input.customerId || current.revokedAt) {
    throw new AppError("not_found", { message: "No such API key." });
  }
  const secret = newSecret();
  const now = new Date();
  const key = await updateCustomerKey(context, {
    ...input,
    update: "SET secretSealed = :secret, previousSecretSealed = :previous, previousSecretExpiresAt = :until, rotatedAt = :now",
    // Two rotations at once: only the first wins, the second finds the secret changed.
    condition: "secretSealed = :previous",
    values: {
      ":secret": sealSecret(context, input.keyId, secret),
      ":previous": current.secretSealed,
      ":until": new Date(now.getTime() + input.overlapSeconds * 1000).toISOString(),
      ":now": now.toISOString(),
    },
  });
  return { key, secret };
}
