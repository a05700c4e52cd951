"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { operatorApi, type RotatedKey } from "@/components/operator-api";
import { OperatorReencryptionProgress } from "@/components/operator-reencryption-progress";

/** "Rotate data key" for one customer, then the re-encryption it started, live. */
export function OperatorRotateKey({ customerId, customerName, disabled }: { customerId: string; customerName: string; disabled?: boolean }) {
  const router = useRouter();
  const [isRotating, setIsRotating] = useState(false);
  const [rotated, setRotated] = useState<RotatedKey>();
  const [error, setError] = useState<string>();

  async function rotate() {
    setIsRotating(true);
    setError(undefined);
    try {
      setRotated(await operatorApi.rotateKey(customerId));
      router.refresh();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "The rotation failed.");
    } finally {
      setIsRotating(false);
    }
  }

  return (
    <div className="stack-tight">
      <button type="button" onClick={rotate} disabled={disabled || isRotating} aria-label={`Rotate data key of ${customerName}`}>
        {isRotating ? "Rotating…" : "Rotate data key"}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {rotated && (
        <>
          <p className="hint" role="status">
            Version {rotated.version} is active; re-encrypting existing records.
          </p>
          <OperatorReencryptionProgress key={rotated.job.jobId} initialJob={rotated.job} customerName={customerName} />
        </>
      )}
    </div>
  );
}
