"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { describeCustomerField, operatorCustomersApi, parseLimit } from "@/components/operator-customer-requests";
import { ProblemAlert } from "@/components/problem-alert";
import type { LimitInForce, OperatorCustomerView } from "@/lib/operator/operator-customer-view";

const ownValue = (limit: LimitInForce) => (limit.isDefault ? "" : String(limit.value));
const describeLimit = (limit: LimitInForce) => `${limit.value.toLocaleString("en-US")}${limit.isDefault ? " (default)" : ""}`;

function LimitInput(props: { label: string; max: number; value: string; onChange: (value: string) => void; hintId: string; disabled: boolean }) {
  return (
    <label>
      {props.label}
      <input
        type="number"
        min={1}
        max={props.max}
        step={1}
        inputMode="numeric"
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        placeholder="Default"
        aria-describedby={props.hintId}
        disabled={props.disabled}
      />
    </label>
  );
}

/** A customer's own limits; an empty field puts the deployment's default back in force. */
export function OperatorCustomerLimitsForm({ customer, disabled }: { customer: OperatorCustomerView; disabled?: boolean }) {
  const router = useRouter();
  const hintId = useId();
  const [rateLimit, setRateLimit] = useState(ownValue(customer.rateLimitPerMinute));
  const [maxImports, setMaxImports] = useState(ownValue(customer.maxRunningImports));
  const save = useMutation({
    mutationFn: () =>
      operatorCustomersApi.update(customer.customerId, {
        rateLimitPerMinute: parseLimit(rateLimit) ?? null,
        maxRunningImports: parseLimit(maxImports) ?? null,
      }),
    onSuccess: (saved) => {
      setRateLimit(ownValue(saved.rateLimitPerMinute));
      setMaxImports(ownValue(saved.maxRunningImports));
      router.refresh();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  const isLocked = disabled || save.isPending;
  return (
    <form onSubmit={submit} className="card stack" aria-labelledby="limits-heading">
      <h2 id="limits-heading">Limits</h2>
      <p className="hint" id={hintId}>
        Leave a field empty to use the deployment&apos;s default. Signed API requests see a change at once; a raised import limit starts waiting imports.
      </p>
      <LimitInput label="Rate limit (requests per minute per API key)" max={1_000_000} value={rateLimit} onChange={setRateLimit} hintId={hintId} disabled={isLocked} />
      <LimitInput label="Max running imports" max={1000} value={maxImports} onChange={setMaxImports} hintId={hintId} disabled={isLocked} />
      <ProblemAlert error={save.error} describePath={describeCustomerField} />
      {save.isSuccess && (
        <p role="status">
          Saved. Rate limit {describeLimit(save.data.rateLimitPerMinute)} per minute; at most {describeLimit(save.data.maxRunningImports)} running imports.
        </p>
      )}
      <button type="submit" disabled={isLocked}>
        {save.isPending ? "Saving…" : "Save limits"}
      </button>
    </form>
  );
}
