"use client";

import DragDrop from "@uppy/drag-drop";
import "@uppy/drag-drop/css/style.min.css";
import { useEffect, useRef } from "react";
import styles from "@/components/upload-form.module.css";
import type { PortalUppy } from "@/components/upload-uppy";

/**
 * Uppy's drop zone: a button that opens the file picker (several files at once)
 * and takes files dropped on it. Uppy renders inside the element; React leaves it alone.
 */
export function UploadDropZone({ uppy }: { uppy: PortalUppy }) {
  const target = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!target.current) return;
    uppy.use(DragDrop, {
      target: target.current,
      note: "CSV or JSON Lines, optionally gzipped. Each file becomes its own import.",
      locale: { strings: { dropHereOr: "Drop files here or %{browse}", browse: "choose files" } },
    });
    return () => {
      const plugin = uppy.getPlugin("DragDrop");
      if (plugin) uppy.removePlugin(plugin);
    };
  }, [uppy]);

  return <div ref={target} className={styles.dropZone} />;
}
