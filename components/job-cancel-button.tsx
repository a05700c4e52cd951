"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { portalApi } from "@/components/portal-api";

/** Cancel, asked twice: records already stored stay, and a cancelled import cannot be resumed. */
export function JobCancelButton({ jobId }: { jobId: string }) {
  const queryClient = useQueryClient();
  const [isConfirming, setIsConfirming] = useState(false);
  const cancel = useMutation({
    mutationFn: () => portalApi.cancelJob(jobId),
    onSuccess: (job) => {
      queryClient.setQueryData(["job", jobId], job);
      setIsConfirming(false);
    },
  });
  if (!isConfirming) {
    return (
      <button type="button" className="danger-button" onClick={() => setIsConfirming(true)}>
        Cancel import
      </button>
    );
  }
  return (
    <span role="group" aria-label="Confirm cancel" className="row">
      <span>Stop this import? Records already stored stay.</span>
      <button type="button" className="danger-button" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
        {cancel.isPending ? "Cancelling…" : "Yes, cancel it"}
      </button>
      <button type="button" className="secondary-button" onClick={() => setIsConfirming(false)}>
        Keep importing
      </button>
      {cancel.isError && (
        <span role="alert" className="error">
          {cancel.error.message}
        </span>
      )}
    </span>
  );
}
