"use client";

import { useState } from "react";
import { ApiKeyRowActions } from "@/components/api-keys-row-actions";
import type { IssuedApiKey } from "@/components/api-keys-requests";
import type { ApiKeyView } from "@/lib/auth/manage-api-keys";

export type ApiKeyState = "active" | "expired" | "revoked";

export function apiKeyStateOf(key: ApiKeyView, now = Date.now()): ApiKeyState {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && new Date(key.expiresAt).getTime() <= now) return "expired";
  return "active";
}

/** The same text on the server and in any browser time zone, so hydration matches. */
function formatTimestamp(iso: string | undefined): string {
  return iso ? `${iso.replace("T", " ").slice(0, 16)} UTC` : "—";
}

export function ApiKeysTable({
  keys,
  canManage,
  onRevoked,
  onRotated,
}: {
  keys: ApiKeyView[];
  canManage: boolean;
  onRevoked: (key: ApiKeyView) => void;
  onRotated: (issued: IssuedApiKey) => void;
}) {
  // Read once per mount: state is judged as of when the page was shown.
  const [now] = useState(() => Date.now());
  return (
    <table className="table">
      <caption className="visually-hidden">API keys</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Key id</th>
          <th scope="col">Scopes</th>
          <th scope="col">Created</th>
          <th scope="col">Expires</th>
          <th scope="col">Last rotated</th>
          <th scope="col">State</th>
          {canManage && <th scope="col">Actions</th>}
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => {
          const state = apiKeyStateOf(key, now);
          const isPreviousValid = state === "active" && key.previousSecretExpiresAt !== undefined && new Date(key.previousSecretExpiresAt).getTime() > now;
          return (
            <tr key={key.keyId}>
              <th scope="row">{key.name}</th>
              <td>
                <code>{key.keyId}</code>
              </td>
              <td>{key.scopes.join(", ")}</td>
              <td>{formatTimestamp(key.createdAt)}</td>
              <td>{key.expiresAt ? formatTimestamp(key.expiresAt) : "Never"}</td>
              <td>{key.rotatedAt ? formatTimestamp(key.rotatedAt) : "Never"}</td>
              <td>
                <span className={`badge badge-key-${state}`}>{state}</span>
                {isPreviousValid && <p className="hint-inline">Previous secret valid until {formatTimestamp(key.previousSecretExpiresAt)}</p>}
              </td>
              {canManage && (
                <td>{state === "revoked" ? null : <ApiKeyRowActions apiKey={key} onRevoked={onRevoked} onRotated={onRotated} />}</td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
