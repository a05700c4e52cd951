"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { operatorApi } from "@/components/operator-api";
import { OperatorDeadLettersTable } from "@/components/operator-dead-letters-table";
import type { RedriveResult } from "@/lib/operator/redrive-dead-letters";

const DEAD_LETTERS_QUERY = ["operator", "dead-letters"] as const;
/** The queue changes without anyone here acting (the worker dead-letters messages): look again now and then. */
const REFRESH_MS = 15_000;

const plural = (count: number, one: string, many: string) => `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;

function describeRedrive(result: RedriveResult): string {
  return `Redriven: ${plural(result.moved, "message", "messages")} sent back to the work queue, ${plural(result.retried, "failed job", "failed jobs")} retried, ${plural(result.replaced, "message", "messages")} of retried jobs removed.`;
}

/** "Redrive all", behind a confirmation: it moves every message, not only those shown. */
function RedriveAll({ disabled, onRedriven }: { disabled: boolean; onRedriven: (result: RedriveResult) => void }) {
  const [isConfirming, setIsConfirming] = useState(false);
  const redrive = useMutation({
    mutationFn: operatorApi.redriveDeadLetters,
    onSuccess: (result) => {
      setIsConfirming(false);
      onRedriven(result);
    },
  });
  return (
    <div className="stack-tight">
      {isConfirming ? (
        <div className="stack" role="group" aria-label="Confirm redriving every dead letter">
          <p className="warning">Every message goes back to the work queue; a failed job named by one is retried from the start.</p>
          <div className="row">
            <button type="button" onClick={() => redrive.mutate()} disabled={redrive.isPending} autoFocus>
              {redrive.isPending ? "Redriving…" : "Confirm redrive"}
            </button>
            <button type="button" className="secondary-button" onClick={() => setIsConfirming(false)} disabled={redrive.isPending}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button type="button" onClick={() => setIsConfirming(true)} disabled={disabled}>
          Redrive all
        </button>
      )}
      {redrive.error && (
        <p role="alert" className="error">
          The redrive failed: {redrive.error.message}
        </p>
      )}
    </div>
  );
}

/** The dead-letter queue: its depth, the messages on it, and what an operator can do about them. */
export function OperatorDeadLetters() {
  const queryClient = useQueryClient();
  const deadLetters = useQuery({ queryKey: DEAD_LETTERS_QUERY, queryFn: operatorApi.listDeadLetters, refetchInterval: REFRESH_MS });
  const [outcome, setOutcome] = useState<string>();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: DEAD_LETTERS_QUERY });

  if (deadLetters.isPending) {
    return (
      <p className="empty" role="status">
        Loading the dead-letter queue…
      </p>
    );
  }
  if (deadLetters.isError) {
    return (
      <div role="alert" className="stack-tight">
        <p className="error">The dead-letter queue could not be read: {deadLetters.error.message}</p>
        <button type="button" onClick={() => void deadLetters.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  const { depth, messages } = deadLetters.data;
  return (
    <div className="stack">
      <div className="row spread">
        <p className="hint">
          About {plural(depth, "message", "messages")} on the dead-letter queue{messages.length < depth ? `; the first ${messages.length} are shown` : ""}.
        </p>
        <RedriveAll
          disabled={depth === 0}
          onRedriven={(result) => {
            setOutcome(describeRedrive(result));
            refresh();
          }}
        />
      </div>
      <p role="status" className="hint">
        {outcome}
      </p>
      {messages.length === 0 ? (
        <p className="empty">No messages on the dead-letter queue.</p>
      ) : (
        <OperatorDeadLettersTable messages={messages} onRetried={refresh} />
      )}
    </div>
  );
}
