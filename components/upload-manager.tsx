"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { MappingPreview } from "@/components/mapping-preview";
import { useMappingPreviews } from "@/components/mapping-preview-state";
import { UploadDropZone } from "@/components/upload-drop-zone";
import { UploadFileCard, type ImportOutcome } from "@/components/upload-file-card";
import { useUppyFiles } from "@/components/upload-files-state";
import styles from "@/components/upload-form.module.css";
import { uploadsApi } from "@/components/upload-requests";
import { createPortalUppy, type PortalUppyFile } from "@/components/upload-uppy";
import type { PreviewField } from "@/lib/uploads/preview-mapping";

/** A template as the upload page offers it. */
interface TemplateOption {
  templateId: string;
  name: string;
  description: string;
  fields: PreviewField[];
}

interface UploadManagerProps {
  templates: TemplateOption[];
  multipartThresholdBytes: number;
  maxUploadBytes: number;
}

/**
 * New imports (in the browser only: Uppy reads the files and talks to S3): pick
 * a template, add one or many files, check each file's column mapping in its
 * preview, then upload them all straight to S3 and start one import per file.
 */
export function UploadManager({ templates, multipartThresholdBytes, maxUploadBytes }: UploadManagerProps) {
  const router = useRouter();
  const [uppy] = useState(() => createPortalUppy({ multipartThresholdBytes, maxUploadBytes }));
  const [templateId, setTemplateId] = useState(templates[0]?.templateId ?? "");
  const [outcomes, setOutcomes] = useState<Record<string, ImportOutcome>>({});
  const [notice, setNotice] = useState<string>();
  const [isBusy, setIsBusy] = useState(false);
  const template = templates.find((candidate) => candidate.templateId === templateId);
  const files = useUppyFiles(uppy);
  const previews = useMappingPreviews(uppy, template);

  useEffect(() => {
    const onRefused = (_file: unknown, error: Error) => setNotice(error.message);
    uppy.on("restriction-failed", onRefused);
    return () => {
      uppy.off("restriction-failed", onRefused);
      // Leaving the page stops its uploads (and aborts multipart ones in S3).
      uppy.cancelAll();
    };
  }, [uppy]);

  const waiting = files.filter((file) => !file.progress.uploadStarted);
  const isPreviewing = waiting.some((file) => !previews.previewOf(file.id));
  const blocked = waiting.filter((file) => previews.missingFieldsOf(file.id).length > 0);

  /** Creates the import of each uploaded file with its mapping; one file alone opens its job. */
  async function importUploaded(uploaded: PortalUppyFile[]) {
    const started = await Promise.all(
      uploaded.map(async (file): Promise<ImportOutcome> => {
        try {
          const uploadId = uppy.getFile(file.id).meta.uploadId!;
          await uploadsApi.complete(uploadId);
          const job = await uploadsApi.createJob(uploadId, { templateId, mapping: previews.mappingOf(file.id) });
          return { jobId: job.jobId };
        } catch (error) {
          return { problem: `The import of ${file.name} could not start. ${error instanceof Error ? error.message : "The request failed."}` };
        }
      }),
    );
    setOutcomes((current) => ({ ...current, ...Object.fromEntries(uploaded.map((file, index) => [file.id, started[index]!])) }));
    const [only] = started;
    if (files.length === 1 && only && "jobId" in only) router.push(`/jobs/${only.jobId}`);
  }

  async function run(upload: () => Promise<{ successful?: PortalUppyFile[] } | undefined>) {
    setIsBusy(true);
    setNotice(undefined);
    try {
      const result = await upload();
      await importUploaded(result?.successful ?? []);
    } catch (error) {
      setNotice(error instanceof Error ? error.message : "The upload failed.");
    } finally {
      setIsBusy(false);
    }
  }

  function retry(file: PortalUppyFile) {
    void run(async () => (file.progress.uploadComplete ? { successful: [file] } : uppy.retryUpload(file.id)));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(() => uppy.upload());
  }

  const canStart = waiting.length > 0 && !isPreviewing && blocked.length === 0 && !isBusy;
  return (
    <form onSubmit={submit} className="stack">
      <label>
        Template
        <select value={templateId} onChange={(event) => setTemplateId(event.target.value)} disabled={isBusy}>
          {templates.map((option) => (
            <option key={option.templateId} value={option.templateId}>
              {option.name}
            </option>
          ))}
        </select>
      </label>
      {template && <p className="hint">{template.description}</p>}
      <UploadDropZone uppy={uppy} />
      {notice && (
        <p role="alert" className="error">
          {notice}
        </p>
      )}
      {files.length > 0 && (
        <ul className={styles.files} aria-label="Files to import">
          {files.map((file) => (
            <UploadFileCard
              key={file.id}
              file={file}
              outcome={outcomes[file.id]}
              isResumable={(file.size ?? 0) > multipartThresholdBytes}
              isBusy={isBusy}
              onRemove={() => uppy.removeFile(file.id)}
              onPauseResume={() => uppy.pauseResume(file.id)}
              onRetry={() => retry(file)}
            >
              <MappingPreview
                fileName={file.name}
                fields={template?.fields ?? []}
                preview={previews.previewOf(file.id)}
                selection={previews.selectionOf(file.id)}
                onChange={(selection) => previews.pick(file.id, selection)}
                isDisabled={isBusy}
              />
            </UploadFileCard>
          ))}
        </ul>
      )}
      {blocked.length > 0 && <p className="hint">Map every required field of {blocked.map((file) => file.name).join(", ")} to start.</p>}
      <button type="submit" disabled={!canStart}>
        {isBusy ? "Uploading…" : waiting.length > 1 ? `Upload and import ${waiting.length} files` : "Upload and import"}
      </button>
    </form>
  );
}
