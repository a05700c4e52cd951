"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { apiKeysApi, type IssuedApiKey } from "@/components/api-keys-requests";
import { problemMessages } from "@/components/portal-api";
import type { ApiKeyView } from "@/lib/auth/manage-api-keys";

const OVERLAPS = [
  { seconds: 3_600, label: "1 hour" },
  { seconds: 86_400, label: "24 hours" },
  { seconds: 604_800, label: "7 days" },
] as const;

type Step = "idle" | "confirm-revoke" | "choose-overlap";

/** The confirm and cancel buttons of one pending action. */
export function ConfirmRow(props: { label: string; className?: string; isBusy: boolean; autoFocus?: boolean; onConfirm: () => void; onCancel: () => void }) {
  return (
    <div className="row">
      <button type="button" className={props.className} onClick={props.onConfirm} disabled={props.isBusy} autoFocus={props.autoFocus}>
        {props.label}
      </button>
      <button type="button" className="secondary-button" onClick={props.onCancel} disabled={props.isBusy}>
        Cancel
      </button>
    </div>
  );
}

/** Revoke (after a confirm step) and rotate (after choosing an overlap) for one key. */
export function ApiKeyRowActions({
  apiKey,
  onRevoked,
  onRotated,
}: {
  apiKey: ApiKeyView;
  onRevoked: (key: ApiKeyView) => void;
  onRotated: (issued: IssuedApiKey) => void;
}) {
  const [step, setStep] = useState<Step>("idle");
  const [overlapSeconds, setOverlapSeconds] = useState<number>(OVERLAPS[1].seconds);
  const revoke = useMutation({ mutationFn: () => apiKeysApi.revoke(apiKey.keyId), onSuccess: onRevoked });
  const rotate = useMutation({
    mutationFn: () => apiKeysApi.rotate(apiKey.keyId, overlapSeconds),
    onSuccess: (issued) => {
      setStep("idle");
      onRotated(issued);
    },
  });
  const isBusy = revoke.isPending || rotate.isPending;
  const failure = revoke.error ?? rotate.error;

  return (
    <div className="stack key-actions">
      {step === "idle" && (
        <div className="row">
          <button type="button" className="secondary-button" onClick={() => setStep("choose-overlap")}>
            Rotate
          </button>
          <button type="button" className="danger-button" onClick={() => setStep("confirm-revoke")}>
            Revoke
          </button>
        </div>
      )}
      {step === "confirm-revoke" && (
        <div className="stack" role="group" aria-label={`Confirm revoking ${apiKey.name}`}>
          <p className="warning">Programs using this key are refused at once. This cannot be undone.</p>
          <ConfirmRow
            label={revoke.isPending ? "Revoking…" : "Confirm revoke"}
            className="danger-button"
            isBusy={isBusy}
            autoFocus
            onConfirm={() => revoke.mutate()}
            onCancel={() => setStep("idle")}
          />
        </div>
      )}
      {step === "choose-overlap" && (
        <div className="stack" role="group" aria-label={`Rotate ${apiKey.name}`}>
          <label>
            Old secret keeps working for
            <select value={overlapSeconds} onChange={(event) => setOverlapSeconds(Number(event.target.value))} disabled={isBusy} autoFocus>
              {OVERLAPS.map((overlap) => (
                <option key={overlap.seconds} value={overlap.seconds}>
                  {overlap.label}
                </option>
              ))}
            </select>
          </label>
          <ConfirmRow
            label={rotate.isPending ? "Rotating…" : "Confirm rotate"}
            isBusy={isBusy}
            onConfirm={() => rotate.mutate()}
            onCancel={() => setStep("idle")}
          />
        </div>
      )}
      {failure && (
        <p role="alert" className="error">
          {problemMessages(failure).join(" ")}
        </p>
      )}
    </div>
  );
}
