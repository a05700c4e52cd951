"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { apiKeysApi, type IssuedApiKey } from "@/components/api-keys-requests";
import { ProblemAlert } from "@/components/problem-alert";
import type { ApiScope } from "@/lib/auth/manage-api-keys";

const SCOPE_OPTIONS: { scope: ApiScope; description: string }[] = [
  { scope: "imports:read", description: "read jobs, templates and reports" },
  { scope: "imports:write", description: "upload files and start imports" },
];

/** A date input's day, as the end of that day in UTC. */
function endOfDayUtc(date: string): string {
  return `${date}T23:59:59.999Z`;
}

export function ApiKeyCreateForm({ onCreated }: { onCreated: (issued: IssuedApiKey) => void }) {
  const errorId = useId();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiScope[]>(["imports:read"]);
  const [expiresOn, setExpiresOn] = useState("");
  const create = useMutation({
    mutationFn: apiKeysApi.create,
    onSuccess: (issued) => {
      setName("");
      setExpiresOn("");
      onCreated(issued);
    },
  });

  function toggleScope(scope: ApiScope, isChecked: boolean) {
    setScopes((current) => (isChecked ? [...current, scope] : current.filter((candidate) => candidate !== scope)));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name, scopes, expiresAt: expiresOn ? endOfDayUtc(expiresOn) : undefined });
  }

  return (
    <form onSubmit={submit} className="card stack" aria-labelledby="create-key-heading" aria-describedby={create.isError ? errorId : undefined}>
      <h2 id="create-key-heading">Create an API key</h2>
      <label>
        Name
        <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={100} disabled={create.isPending} />
      </label>
      <fieldset className="scopes">
        <legend>Scopes</legend>
        {SCOPE_OPTIONS.map((option) => (
          <label key={option.scope} className="checkbox">
            <input
              type="checkbox"
              checked={scopes.includes(option.scope)}
              onChange={(event) => toggleScope(option.scope, event.target.checked)}
              disabled={create.isPending}
            />
            <span>
              {option.scope} <span className="hint-inline">({option.description})</span>
            </span>
          </label>
        ))}
      </fieldset>
      <label>
        Expires on (optional, end of day UTC)
        <input type="date" value={expiresOn} onChange={(event) => setExpiresOn(event.target.value)} disabled={create.isPending} />
      </label>
      <ProblemAlert error={create.error} id={errorId} />
      <button type="submit" disabled={create.isPending || scopes.length === 0 || name.trim() === ""}>
        {create.isPending ? "Creating…" : "Create key"}
      </button>
    </form>
  );
}
