"use client";

import { useCallback, useMemo, useSyncExternalStore } from "react";
import type { PortalUppy, PortalUppyFile } from "@/components/upload-uppy";

/** Uppy's files, re-read whenever Uppy's state changes (added, progress, error, paused). */
export function useUppyFiles(uppy: PortalUppy): PortalUppyFile[] {
  const subscribe = useCallback(
    (onChange: () => void) => {
      uppy.on("state-update", onChange);
      return () => {
        uppy.off("state-update", onChange);
      };
    },
    [uppy],
  );
  const readFiles = () => uppy.getState().files;
  const files = useSyncExternalStore(subscribe, readFiles, readFiles);
  return useMemo(() => Object.values(files), [files]);
}
