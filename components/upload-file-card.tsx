"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { ProgressBar } from "@/components/progress-bar";
import styles from "@/components/upload-form.module.css";
import type { PortalUppyFile } from "@/components/upload-uppy";

/** What became of a file after its upload: its job, or why the import could not be created. */
export type ImportOutcome = { jobId: string } | { problem: string };

interface UploadFileCardProps {
  file: PortalUppyFile;
  outcome: ImportOutcome | undefined;
  /** Multipart uploads can pause and resume where they stopped. */
  isResumable: boolean;
  isBusy: boolean;
  onRemove: () => void;
  onPauseResume: () => void;
  onRetry: () => void;
  /** The mapping preview, shown until the import has started. */
  children: ReactNode;
}

function describeState(file: PortalUppyFile, outcome: ImportOutcome | undefined): string {
  if (outcome && "jobId" in outcome) return "Import started";
  if (outcome) return "Uploaded; import not started";
  if (file.error) return "Upload failed";
  if (file.progress.uploadComplete) return "Uploaded";
  if (file.isPaused) return "Paused";
  if (file.progress.uploadStarted) return `Uploading… ${file.progress.percentage ?? 0}%`;
  return "Ready";
}

/** One file: its upload (progress, pause, retry), then its import, with the mapping preview until it starts. */
export function UploadFileCard({ file, outcome, isResumable, isBusy, onRemove, onPauseResume, onRetry, children }: UploadFileCardProps) {
  const isUploading = Boolean(file.progress.uploadStarted) && !file.progress.uploadComplete && !file.error;
  const hasFailed = Boolean(file.error) || (outcome !== undefined && "problem" in outcome);
  return (
    <li className={`card stack ${styles.file}`}>
      <div className={`row ${styles.head}`}>
        <strong>{file.name}</strong>
        <span className="hint-inline">{(file.size ?? 0).toLocaleString("en-US")} bytes</span>
        <span className="badge" role="status">
          {describeState(file, outcome)}
        </span>
        {!file.progress.uploadStarted && !isBusy && (
          <button type="button" className="secondary-button" onClick={onRemove}>
            Remove {file.name}
          </button>
        )}
        {isUploading && isResumable && (
          <button type="button" className="secondary-button" onClick={onPauseResume}>
            {file.isPaused ? "Resume" : "Pause"} {file.name}
          </button>
        )}
        {hasFailed && !isBusy && (
          <button type="button" onClick={onRetry}>
            Retry {file.name}
          </button>
        )}
      </div>
      {file.progress.uploadStarted ? <ProgressBar percent={file.progress.percentage ?? 0} label={`Upload of ${file.name}`} /> : null}
      {file.error && (
        <p className="error" role="alert">
          The upload of {file.name} failed: {file.error}
        </p>
      )}
      {outcome && "problem" in outcome && (
        <p className="error" role="alert">
          {outcome.problem}
        </p>
      )}
      {outcome && "jobId" in outcome ? (
        <p>
          <Link href={`/jobs/${outcome.jobId}`}>Follow the import of {file.name}</Link>
        </p>
      ) : (
        children
      )}
    </li>
  );
}
