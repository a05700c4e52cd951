"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { apiKeysApi } from "@/components/api-keys-requests";
import { ProblemAlert } from "@/components/problem-alert";

function toLines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * An IP allowlist, one CIDR a line; read-only without `canManage`. It saves the
 * signed-in customer's own list unless `save` stores it elsewhere (an operator
 * changing a customer's); `save` answers with the list as stored.
 */
export function IpAllowlistForm(props: {
  initialAllowlist: string[];
  canManage: boolean;
  save?: (ipAllowlist: string[]) => Promise<string[]>;
  hint?: string;
  /** Locks the form: a deleted customer's settings no longer change. */
  disabled?: boolean;
  /** Also locks the text while a save is in flight (the operator's form does). */
  locksTextWhileSaving?: boolean;
}) {
  const { canManage, save: saveAllowlist = apiKeysApi.saveIpAllowlist } = props;
  const hintId = useId();
  const [text, setText] = useState(props.initialAllowlist.join("\n"));
  const save = useMutation({
    mutationFn: () => saveAllowlist(toLines(text)),
    onSuccess: (saved) => setText(saved.join("\n")),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  // The server names entries by index ("ipAllowlist.2"); show the line the user sees.
  const lines = toLines(text);
  const describePath = (path: string) => {
    const index = Number(path.split(".")[1]);
    return Number.isInteger(index) ? `Line “${lines[index] ?? index + 1}”` : "Allowlist";
  };
  const isLocked = props.disabled || save.isPending;
  const isTextLocked = props.disabled || (props.locksTextWhileSaving && save.isPending);

  return (
    <form onSubmit={submit} className="card stack" aria-labelledby="ip-allowlist-heading">
      <h2 id="ip-allowlist-heading">IP allowlist</h2>
      <p className="hint" id={hintId}>
        {props.hint ?? "Signed API requests are accepted only from these networks. Leave empty to accept them from anywhere."}
      </p>
      <label>
        Allowed networks (one CIDR per line)
        <textarea
          value={text}
          onChange={(event) => setText(event.target.value)}
          rows={5}
          readOnly={!canManage}
          disabled={isTextLocked}
          aria-describedby={hintId}
          spellCheck={false}
          placeholder={"203.0.113.0/24\n2001:db8::/32"}
        />
      </label>
      <ProblemAlert error={save.error} describePath={describePath} />
      {save.isSuccess && (
        <p role="status">
          Saved. {save.data.length === 0 ? "Requests are accepted from anywhere." : `${save.data.length} network(s) allowed.`}
        </p>
      )}
      {canManage ? (
        <button type="submit" disabled={isLocked}>
          {save.isPending ? "Saving…" : "Save allowlist"}
        </button>
      ) : (
        <p className="hint">Only customer admins can change the allowlist.</p>
      )}
    </form>
  );
}
