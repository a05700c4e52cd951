"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { apiKeysApi, type IssuedApiKey } from "@/components/api-keys-requests";
import { ConfirmStep } from "@/components/confirm-step";
import { ProblemAlert } from "@/components/problem-alert";
import type { ApiKeyView } from "@/lib/auth/manage-api-keys";

const OVERLAPS = [
  { seconds: 3_600, label: "1 hour" },
  { seconds: 86_400, label: "24 hours" },
  { seconds: 604_800, label: "7 days" },
] as const;

type Step = "idle" | "confirm-revoke" | "choose-overlap";

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
        <ConfirmStep
          groupLabel={`Confirm revoking ${apiKey.name}`}
          confirmLabel={revoke.isPending ? "Revoking…" : "Confirm revoke"}
          className="danger-button"
          isBusy={isBusy}
          autoFocus
          onConfirm={() => revoke.mutate()}
          onCancel={() => setStep("idle")}
        >
          <p className="warning">Programs using this key are refused at once. This cannot be undone.</p>
        </ConfirmStep>
      )}
      {step === "choose-overlap" && (
        <ConfirmStep
          groupLabel={`Rotate ${apiKey.name}`}
          confirmLabel={rotate.isPending ? "Rotating…" : "Confirm rotate"}
          isBusy={isBusy}
          onConfirm={() => rotate.mutate()}
          onCancel={() => setStep("idle")}
        >
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
        </ConfirmStep>
      )}
      <ProblemAlert error={failure} />
    </div>
  );
}
