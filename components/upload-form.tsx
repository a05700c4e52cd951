"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type DragEvent, type FormEvent } from "react";
import { portalApi, putFile } from "@/components/portal-api";
import { ProgressBar } from "@/components/progress-bar";

export interface TemplateOption {
  templateId: string;
  name: string;
  description: string;
  columns: string[];
}

type Phase = { name: "idle" } | { name: "uploading"; percent: number } | { name: "starting" } | { name: "error"; message: string };

export function UploadForm({ templates }: { templates: TemplateOption[] }) {
  const router = useRouter();
  const fileInputId = useId();
  const [templateId, setTemplateId] = useState(templates[0]?.templateId ?? "");
  const [file, setFile] = useState<File>();
  const [isDragging, setIsDragging] = useState(false);
  const [phase, setPhase] = useState<Phase>({ name: "idle" });
  const template = templates.find((candidate) => candidate.templateId === templateId);
  const isBusy = phase.name === "uploading" || phase.name === "starting";

  function onDrop(event: DragEvent<HTMLElement>) {
    event.preventDefault();
    setIsDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) setFile(dropped);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    try {
      setPhase({ name: "uploading", percent: 0 });
      const created = await portalApi.createJob({ templateId, fileName: file.name, fileSize: file.size });
      await putFile(created.upload, file, (fraction) => setPhase({ name: "uploading", percent: Math.round(fraction * 100) }));
      setPhase({ name: "starting" });
      await portalApi.startJob(created.job.jobId);
      router.push(`/jobs/${created.job.jobId}`);
    } catch (error) {
      setPhase({ name: "error", message: error instanceof Error ? error.message : "The upload failed." });
    }
  }

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
      {template && (
        <p className="hint">
          {template.description} Columns: {template.columns.join(", ")}.
        </p>
      )}
      <div
        className={`dropzone${isDragging ? " dragging" : ""}`}
        onDragOver={(event) => {
          event.preventDefault();
          setIsDragging(true);
        }}
        onDragLeave={() => setIsDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor={fileInputId}>
          {file ? `${file.name} (${file.size.toLocaleString("en-US")} bytes)` : "Drop a CSV or JSON Lines file (optionally gzipped) here, or choose one"}
        </label>
        <input id={fileInputId} type="file" accept=".csv,.tsv,.txt,.jsonl,.ndjson,.gz,text/csv,application/gzip" disabled={isBusy} onChange={(event) => setFile(event.target.files?.[0])} />
      </div>
      {phase.name === "uploading" && <ProgressBar percent={phase.percent} label="Upload progress" />}
      {phase.name === "error" && (
        <p role="alert" className="error">
          {phase.message}
        </p>
      )}
      <button type="submit" disabled={!file || isBusy}>
        {phase.name === "uploading" ? `Uploading… ${phase.percent}%` : phase.name === "starting" ? "Starting…" : "Upload and import"}
      </button>
    </form>
  );
}
