import { request } from "@/components/portal-api";
import type { ApiKeyView, ApiScope } from "@/lib/auth/manage-api-keys";

/** A key with its secret: only in the answer to a create or a rotate. */
export interface IssuedApiKey {
  key: ApiKeyView;
  secret: string;
}

export const apiKeysApi = {
  list: () => request<{ keys: ApiKeyView[] }>("/api/portal/api-keys").then((body) => body.keys),
  create: (input: { name: string; scopes: ApiScope[]; expiresAt?: string }) =>
    request<IssuedApiKey>("/api/portal/api-keys", { method: "POST", body: input }),
  revoke: (keyId: string) =>
    request<{ key: ApiKeyView }>(`/api/portal/api-keys/${encodeURIComponent(keyId)}/revoke`, { method: "POST" }).then((body) => body.key),
  rotate: (keyId: string, overlapSeconds: number) =>
    request<IssuedApiKey>(`/api/portal/api-keys/${encodeURIComponent(keyId)}/rotate`, { method: "POST", body: { overlapSeconds } }),
  saveIpAllowlist: (ipAllowlist: string[]) =>
    request<{ ipAllowlist: string[] }>("/api/portal/settings/ip-allowlist", { method: "PUT", body: { ipAllowlist } }).then((body) => body.ipAllowlist),
};
