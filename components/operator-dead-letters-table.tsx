"use client";

import { useMutation } from "@tanstack/react-query";
import { JobStateBadge } from "@/components/job-state-badge";
import { operatorApi } from "@/components/operator-api";
import type { DeadLetter } from "@/lib/operator/list-dead-letters";

const timestamp = (iso: string) => iso.replace("T", " ").slice(0, 19);

/** "Retry job" for one failed job, with its outcome announced next to it. */
function RetryJobButton({ jobId, onRetried }: { jobId: string; onRetried: () => void }) {
  const retry = useMutation({ mutationFn: () => operatorApi.retryJob(jobId), onSuccess: onRetried });
  return (
    <div className="stack-tight">
      <button type="button" className="secondary-button" onClick={() => retry.mutate()} disabled={retry.isPending || retry.isSuccess} aria-label={`Retry job ${jobId}`}>
        {retry.isPending ? "Retrying…" : retry.isSuccess ? "Queued" : "Retry job"}
      </button>
      {retry.error && (
        <p role="alert" className="error">
          {retry.error.message}
        </p>
      )}
    </div>
  );
}

/** The dead-lettered messages: what each was for and, for a failed job, a retry of that job alone. */
export function OperatorDeadLettersTable({ messages, onRetried }: { messages: DeadLetter[]; onRetried: () => void }) {
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="visually-hidden">Messages on the dead-letter queue</caption>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Job</th>
            <th scope="col">Job state</th>
            <th scope="col">Customer</th>
            <th scope="col">Receives</th>
            <th scope="col">Sent</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((message) => (
            <tr key={message.messageId}>
              <td>{message.chunk !== undefined ? `${message.type} ${message.chunk}` : message.type}</td>
              <td>{message.jobId ?? "—"}</td>
              <td>{message.jobState ? <JobStateBadge state={message.jobState} /> : "—"}</td>
              <td>{message.customerId ?? "—"}</td>
              <td>{message.receiveCount}</td>
              <td>{message.sentAt ? <time dateTime={message.sentAt}>{timestamp(message.sentAt)}</time> : "—"}</td>
              <td>{message.jobId && message.jobState === "failed" ? <RetryJobButton jobId={message.jobId} onRetried={onRetried} /> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
