"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { describeCustomerField, operatorCustomersApi, parseLimit } from "@/components/operator-customer-requests";
import { ProblemAlert } from "@/components/problem-alert";
import { TeamPasswordPanel } from "@/components/team-password-panel";

const EMPTY_FORM = { name: "", rateLimitPerMinute: "", maxRunningImports: "", adminEmail: "", adminName: "" };

/** Creates a customer and its first admin; the admin's generated password is shown once. */
export function OperatorCustomerCreateForm() {
  const router = useRouter();
  const errorId = useId();
  const [form, setForm] = useState(EMPTY_FORM);
  const create = useMutation({
    mutationFn: operatorCustomersApi.create,
    onSuccess: () => {
      setForm(EMPTY_FORM);
      router.refresh();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({
      name: form.name,
      rateLimitPerMinute: parseLimit(form.rateLimitPerMinute),
      maxRunningImports: parseLimit(form.maxRunningImports),
      admin: { email: form.adminEmail, name: form.adminName },
    });
  }

  const field = (name: keyof typeof EMPTY_FORM) => ({
    value: form[name],
    onChange: (event: { target: { value: string } }) => setForm((current) => ({ ...current, [name]: event.target.value })),
    disabled: create.isPending,
    autoComplete: "off",
  });
  const created = create.data;

  if (created) {
    return (
      <div className="stack">
        <TeamPasswordPanel added={{ member: created.admin, initialPassword: created.initialPassword }} onDismiss={() => create.reset()} />
        <p>
          <Link href={`/operator/customers/${encodeURIComponent(created.customer.customerId)}`}>Open {created.customer.name}</Link> to change its limits or
          IP allowlist.
        </p>
      </div>
    );
  }

  return (
    <form onSubmit={submit} className="card stack" aria-labelledby="create-customer-heading" aria-describedby={create.isError ? errorId : undefined}>
      <h2 id="create-customer-heading">Create a customer</h2>
      <p className="hint">Intake creates the customer and its first admin, and shows the admin&apos;s generated password once, for you to hand over.</p>
      <label>
        Customer name
        <input {...field("name")} required maxLength={100} />
      </label>
      <label>
        Rate limit (requests per minute, empty for the default)
        <input {...field("rateLimitPerMinute")} type="number" min={1} max={1_000_000} step={1} inputMode="numeric" />
      </label>
      <label>
        Max running imports (empty for the default)
        <input {...field("maxRunningImports")} type="number" min={1} max={1000} step={1} inputMode="numeric" />
      </label>
      <label>
        Admin e-mail
        <input {...field("adminEmail")} type="email" required maxLength={254} />
      </label>
      <label>
        Admin name
        <input {...field("adminName")} required maxLength={100} />
      </label>
      <ProblemAlert error={create.error} describePath={describeCustomerField} id={errorId} />
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create customer"}
      </button>
    </form>
  );
}
