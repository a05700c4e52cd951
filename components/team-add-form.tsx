"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { ProblemAlert } from "@/components/problem-alert";
import { ROLE_LABELS, teamApi, type AddedMember } from "@/components/team-requests";
import { CUSTOMER_ROLES, type CustomerRole } from "@/lib/team/team-member";

/** Adds a user to the customer; the server generates their first password. */
export function TeamAddForm({ onAdded }: { onAdded: (added: AddedMember) => void }) {
  const errorId = useId();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<CustomerRole>("customer_member");
  const add = useMutation({
    mutationFn: teamApi.add,
    onSuccess: (added) => {
      setEmail("");
      setName("");
      onAdded(added);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate({ email, name, role });
  }

  const describePath = (path: string) => ({ email: "E-mail", name: "Name", role: "Role" })[path] ?? path;
  return (
    <form onSubmit={submit} className="card stack" aria-labelledby="add-member-heading" aria-describedby={add.isError ? errorId : undefined}>
      <h2 id="add-member-heading">Add a team member</h2>
      <p className="hint">Intake generates their first password and shows it to you once, for you to hand over.</p>
      <label>
        E-mail
        <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} required maxLength={254} disabled={add.isPending} autoComplete="off" />
      </label>
      <label>
        Name
        <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={100} disabled={add.isPending} autoComplete="off" />
      </label>
      <label>
        Role
        <select value={role} onChange={(event) => setRole(event.target.value as CustomerRole)} disabled={add.isPending}>
          {CUSTOMER_ROLES.map((option) => (
            <option key={option} value={option}>
              {ROLE_LABELS[option]}
            </option>
          ))}
        </select>
      </label>
      <ProblemAlert error={add.error} describePath={describePath} id={errorId} />
      <button type="submit" disabled={add.isPending || email.trim() === "" || name.trim() === ""}>
        {add.isPending ? "Adding…" : "Add member"}
      </button>
    </form>
  );
}
