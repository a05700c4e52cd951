"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { operatorCustomersApi } from "@/components/operator-customer-requests";
import { ProblemAlert } from "@/components/problem-alert";

const toLines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

/** A customer's IP allowlist, one CIDR a line, as the operator changes it. */
export function OperatorCustomerAllowlistForm(props: { customerId: string; initialAllowlist: string[]; disabled?: boolean }) {
  const router = useRouter();
  const hintId = useId();
  const [text, setText] = useState(props.initialAllowlist.join("\n"));
  const save = useMutation({
    mutationFn: () => operatorCustomersApi.update(props.customerId, { ipAllowlist: toLines(text) }),
    onSuccess: (saved) => {
      setText(saved.ipAllowlist.join("\n"));
      router.refresh();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  // The server names entries by index ("ipAllowlist.2"); show the line the operator sees.
  const lines = toLines(text);
  const describePath = (path: string) => {
    const index = Number(path.split(".")[1]);
    return Number.isInteger(index) ? `Line “${lines[index] ?? index + 1}”` : "Allowlist";
  };

  return (
    <form onSubmit={submit} className="card stack" aria-labelledby="customer-allowlist-heading">
      <h2 id="customer-allowlist-heading">IP allowlist</h2>
      <p className="hint" id={hintId}>
        The customer&apos;s signed API requests are accepted only from these networks. Empty accepts them from anywhere.
      </p>
      <label>
        Allowed networks (one CIDR per line)
        <textarea
          value={text}
          onChange={(event) => setText(event.target.value)}
          rows={5}
          aria-describedby={hintId}
          spellCheck={false}
          placeholder={"203.0.113.0/24\n2001:db8::/32"}
          disabled={props.disabled || save.isPending}
        />
      </label>
      <ProblemAlert error={save.error} describePath={describePath} />
      {save.isSuccess && (
        <p role="status">
          Saved. {save.data.ipAllowlist.length === 0 ? "Requests are accepted from anywhere." : `${save.data.ipAllowlist.length} network(s) allowed.`}
        </p>
      )}
      <button type="submit" disabled={props.disabled || save.isPending}>
        {save.isPending ? "Saving…" : "Save allowlist"}
      </button>
    </form>
  );
}
