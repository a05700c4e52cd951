"use client";

import dynamic from "next/dynamic";

/** The upload page's form, rendered in the browser only: Uppy needs the DOM and the user's files. */
export const UploadForm = dynamic(() => import("@/components/upload-manager").then((loaded) => loaded.UploadManager), {
  ssr: false,
  loading: () => <p role="status">Loading the uploader…</p>,
});
