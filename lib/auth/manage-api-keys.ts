import { z } from "zod";
import type { AppContext } from "@/lib/context";
import { ApiScope, createApiKey, listCustomerApiKeys, revokeApiKey, rotateApiKey, toApiKeyView, type ApiKeyView } from "@/lib/db/api-keys";
import { recordAuditEvent } from "@/lib/db/audit";

export type { ApiKeyView, ApiScope };

/** The overlaps a rotation offers: one hour, one day, one week. */
export const ROTATION_OVERLAP_SECONDS = [3_600, 86_400, 604_800] as const;

export const CreateApiKeyRequest = z.object({
  name: z.string().trim().min(1, "must not be empty").max(100),
  scopes: z
    .array(ApiScope)
    .min(1, "choose at least one scope")
    .transform((scopes) => [...new Set(scopes)]),
  expiresAt: z.iso
    .datetime({ offset: true })
    .refine((iso) => new Date(iso).getTime() > Date.now(), "must be in the future")
    .optional(),
});
export type CreateApiKeyRequest = z.infer<typeof CreateApiKeyRequest>;

export const RotateApiKeyRequest = z.object({
  overlapSeconds: z.union(ROTATION_OVERLAP_SECONDS.map((seconds) => z.literal(seconds))),
});
export type RotateApiKeyRequest = z.infer<typeof RotateApiKeyRequest>;

/** Who acts, from where: recorded with every change. */
interface Actor {
  customerId: string;
  actor: string;
  ip?: string;
}

/** The customer's keys as their owners see them (no secrets), newest first. */
export async function listApiKeyViews(context: AppContext, input: { customerId: string }): Promise<ApiKeyView[]> {
  const keys = await listCustomerApiKeys(context, input.customerId);
  return keys.map(toApiKeyView).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Creates a key; the secret is in this answer only. */
export async function createCustomerApiKey(
  context: AppContext,
  input: CreateApiKeyRequest & Actor,
): Promise<{ key: ApiKeyView; secret: string }> {
  const { key, secret } = await createApiKey(context, { customerId: input.customerId, name: input.name, scopes: input.scopes, expiresAt: input.expiresAt });
  await recordAuditEvent(context, {
    action: "api_key.created",
    actor: input.actor,
    customerId: input.customerId,
    target: `api_key:${key.keyId}`,
    ip: input.ip,
    detail: { scopes: key.scopes.join(" "), ...(key.expiresAt ? { expiresAt: key.expiresAt } : {}) },
  });
  return { key: toApiKeyView(key), secret };
}

/** Revokes a key of this customer; a foreign or already revoked key is "not found". */
export async function revokeCustomerApiKey(context: AppContext, input: { keyId: string } & Actor): Promise<ApiKeyView> {
  const key = await revokeApiKey(context, { customerId: input.customerId, keyId: input.keyId });
  await recordAuditEvent(context, { action: "api_key.revoked", actor: input.actor, customerId: input.customerId, target: `api_key:${key.keyId}`, ip: input.ip });
  return toApiKeyView(key);
}

/** Gives a key a new secret (in this answer only); the old one works for the overlap. */
export async function rotateCustomerApiKey(
  context: AppContext,
  input: RotateApiKeyRequest & { keyId: string } & Actor,
): Promise<{ key: ApiKeyView; secret: string }> {
  const { key, secret } = await rotateApiKey(context, { customerId: input.customerId, keyId: input.keyId, overlapSeconds: input.overlapSeconds });
  await recordAuditEvent(context, {
    action: "api_key.rotated",
    actor: input.actor,
    customerId: input.customerId,
    target: `api_key:${key.keyId}`,
    ip: input.ip,
    detail: { previousSecretExpiresAt: key.previousSecretExpiresAt ?? "" },
  });
  return { key: toApiKeyView(key), secret };
}
