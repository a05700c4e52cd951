"use client";

import { useEffect, useState } from "react";
import type { PortalUppy, PortalUppyFile } from "@/components/upload-uppy";
import type { ExplicitMapping } from "@/lib/imports/match-columns";
import { previewFile, type FilePreview } from "@/lib/uploads/preview-file";
import { suggestColumns, toExplicitMapping, unmappedRequiredFields, type ColumnSelection, type PreviewField } from "@/lib/uploads/preview-mapping";

const NO_PREVIEW: FilePreview = { status: "unavailable", reason: "This file cannot be read here, so there is no preview." };

/** The columns the user picked, for one template (another template starts again from the suggestions). */
interface Picks {
  templateId: string;
  byFile: Record<string, ColumnSelection>;
}

/**
 * The preview of each file added to Uppy (its first rows, read in the browser)
 * and the column each template field takes its values from: the automatic
 * suggestion until the user picks another.
 */
export function useMappingPreviews(uppy: PortalUppy, template: { templateId: string; fields: PreviewField[] } | undefined) {
  const [previews, setPreviews] = useState<Record<string, FilePreview>>({});
  const [picks, setPicks] = useState<Picks>({ templateId: "", byFile: {} });

  useEffect(() => {
    const onAdded = (file: PortalUppyFile) => {
      const preview: Promise<FilePreview> = file.data instanceof Blob ? previewFile(file.data, file.name) : Promise.resolve(NO_PREVIEW);
      void preview.catch(() => NO_PREVIEW).then((ready) => setPreviews((current) => ({ ...current, [file.id]: ready })));
    };
    const onRemoved = (file: PortalUppyFile) =>
      setPreviews((current) => Object.fromEntries(Object.entries(current).filter(([fileId]) => fileId !== file.id)));
    uppy.on("file-added", onAdded);
    uppy.on("file-removed", onRemoved);
    return () => {
      uppy.off("file-added", onAdded);
      uppy.off("file-removed", onRemoved);
    };
  }, [uppy]);

  const fields = template?.fields ?? [];

  function selectionOf(fileId: string): ColumnSelection {
    const preview = previews[fileId];
    const picked = picks.templateId === template?.templateId ? picks.byFile[fileId] : undefined;
    return picked ?? (preview?.status === "ready" ? suggestColumns(fields, preview.headers) : {});
  }

  return {
    previewOf: (fileId: string): FilePreview | undefined => previews[fileId],
    selectionOf,
    pick(fileId: string, selection: ColumnSelection) {
      const byFile = picks.templateId === template?.templateId ? picks.byFile : {};
      setPicks({ templateId: template?.templateId ?? "", byFile: { ...byFile, [fileId]: selection } });
    },
    /** Required fields left without a column; none when there is no preview (the worker then maps by itself). */
    missingFieldsOf(fileId: string): PreviewField[] {
      return previews[fileId]?.status === "ready" ? unmappedRequiredFields(fields, selectionOf(fileId)) : [];
    },
    /** What the job is created with: exactly the previewed mapping, or nothing for automatic mapping. */
    mappingOf(fileId: string): ExplicitMapping | undefined {
      const preview = previews[fileId];
      return preview?.status === "ready" ? toExplicitMapping(fields, preview.headers, selectionOf(fileId)) : undefined;
    },
  };
}
