/**
 * Node flags of a worker process. The heap cap keeps its memory flat and small:
 * a worker streams, so its working set is a few chunks' batches, and without a
 * cap V8 lets garbage pile up to hundreds of MB before collecting.
 * `npm run start:worker` passes the same flags (a test keeps the two in step).
 */
export const WORKER_NODE_ARGS = ["--max-old-space-size=128"];
