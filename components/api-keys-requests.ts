import { PortalApiError } from "@/components/portal-api";
import type { ApiKeyView, ApiScope } from "@/lib/auth/manage-api-keys";

/** A portal problem with its field messages (a validation failure names each bad field). */
export class PortalProblemError extends PortalApiError {
  constructor(
    status: number,
    message: string,
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(status, message);
  }
}

/** A portal API call: JSON in and out, a problem thrown as PortalProblemError. */
export async function send<T>(path: string, init?: { method: string; body?: unknown }): Promise<T> {
  const response = await fetch(path, {
    method: init?.method ?? "GET",
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
    headers: init?.body === undefined ? undefined : { "content-type": "application/json" },
    credentials: "same-origin",
    cache: "no-store",
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string; errors?: { path: string; message: string }[] };
    throw new PortalProblemError(response.status, problem.detail ?? `Request failed (${response.status}).`, problem.errors);
  }
  return (await response.json()) as T;
}

/** A key with its secret: only in the answer to a create or a rotate. */
export interface IssuedApiKey {
  key: ApiKeyView;
  secret: string;
}

export const apiKeysApi = {
  list: () => send<{ keys: ApiKeyView[] }>("/api/portal/api-keys").then((body) => body.keys),
  create: (input: { name: string; scopes: ApiScope[]; expiresAt?: string }) =>
    send<IssuedApiKey>("/api/portal/api-keys", { method: "POST", body: input }),
  revoke: (keyId: string) =>
    send<{ key: ApiKeyView }>(`/api/portal/api-keys/${encodeURIComponent(keyId)}/revoke`, { method: "POST" }).then((body) => body.key),
  rotate: (keyId: string, overlapSeconds: number) =>
    send<IssuedApiKey>(`/api/portal/api-keys/${encodeURIComponent(keyId)}/rotate`, { method: "POST", body: { overlapSeconds } }),
  saveIpAllowlist: (ipAllowlist: string[]) =>
    send<{ ipAllowlist: string[] }>("/api/portal/settings/ip-allowlist", { method: "PUT", body: { ipAllowlist } }).then((body) => body.ipAllowlist),
};

/** A problem as lines to show: the detail, then each field message. */
export function problemMessages(error: unknown, describePath: (path: string) => string = (path) => path): string[] {
  if (!(error instanceof Error)) return ["The request failed."];
  if (!(error instanceof PortalProblemError) || error.errors.length === 0) return [error.message];
  return error.errors.map((issue) => `${describePath(issue.path)}: ${issue.message}`);
}
