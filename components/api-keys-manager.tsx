"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiKeyCreateForm } from "@/components/api-keys-create-form";
import { apiKeysApi, type IssuedApiKey } from "@/components/api-keys-requests";
import { ApiKeySecretPanel } from "@/components/api-keys-secret-panel";
import { ApiKeysTable } from "@/components/api-keys-table";
import { problemMessages } from "@/components/portal-api";
import type { ApiKeyView } from "@/lib/auth/manage-api-keys";

const API_KEYS_QUERY = ["portal", "api-keys"] as const;

/** The key list, the create form and the one-time secret panel; actions only with `canManage`. */
export function ApiKeysManager({ initialKeys, canManage }: { initialKeys: ApiKeyView[]; canManage: boolean }) {
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: API_KEYS_QUERY, queryFn: apiKeysApi.list, initialData: initialKeys });
  // The secret lives only in this state: never in the query cache, never refetched.
  const [issued, setIssued] = useState<{ issued: IssuedApiKey; heading: string }>();

  function upsertKey(key: ApiKeyView) {
    queryClient.setQueryData<ApiKeyView[]>(API_KEYS_QUERY, (current = []) =>
      current.some((candidate) => candidate.keyId === key.keyId)
        ? current.map((candidate) => (candidate.keyId === key.keyId ? key : candidate))
        : [key, ...current],
    );
    void queryClient.invalidateQueries({ queryKey: API_KEYS_QUERY });
  }

  function showIssued(next: IssuedApiKey, heading: string) {
    upsertKey(next.key);
    setIssued({ issued: next, heading });
  }

  return (
    <div className="stack">
      {issued && <ApiKeySecretPanel issued={issued.issued} heading={issued.heading} onDismiss={() => setIssued(undefined)} />}
      {canManage ? (
        <ApiKeyCreateForm onCreated={(created) => showIssued(created, `New API key “${created.key.name}”`)} />
      ) : (
        <p className="hint">Only customer admins can create, revoke or rotate keys.</p>
      )}
      {keys.isError && (
        <p role="alert" className="error">
          Could not refresh the keys: {problemMessages(keys.error).join(" ")}
        </p>
      )}
      {keys.isFetching && <p className="visually-hidden" role="status">Refreshing keys…</p>}
      {keys.data.length === 0 ? (
        <p className="empty">No API keys yet.{canManage ? " Create one above to call the API." : ""}</p>
      ) : (
        <ApiKeysTable
          keys={keys.data}
          canManage={canManage}
          onRevoked={(key) => {
            if (issued?.issued.key.keyId === key.keyId) setIssued(undefined);
            upsertKey(key);
          }}
          onRotated={(rotated) => showIssued(rotated, `New secret for “${rotated.key.name}”`)}
        />
      )}
    </div>
  );
}
