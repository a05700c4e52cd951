import type { ApiJob } from "@/lib/client/intake-client";
import type { UploadProgress } from "@/lib/client/upload-file";

/** Where progress goes: stderr, or anything with write (tests). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Shows upload and job progress: one redrawn bar on a terminal, occasional plain lines otherwise. */
export interface ProgressDisplay {
  upload(progress: UploadProgress): void;
  job(job: ApiJob): void;
  /** Ends the bar's line; call before printing anything else. */
  end(): void;
}

const BAR_WIDTH = 24;
const REDRAW_MS = 100;
const PLAIN_JOB_EVERY_MS = 5_000;
const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

function formatBytes(bytes: number): string {
  const exponent = Math.min(UNITS.length - 1, Math.max(0, Math.floor(Math.log(Math.max(1, bytes)) / Math.log(1024))));
  return `${(bytes / 1024 ** exponent).toFixed(exponent === 0 ? 0 : 1)} ${UNITS[exponent]}`;
}

function bar(percent: number): string {
  const filled = Math.round((Math.max(0, Math.min(100, percent)) / 100) * BAR_WIDTH);
  return `[${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}]`;
}

const count = (value: number) => value.toLocaleString("en-US");

function uploadLine(progress: UploadProgress, bytesPerSecond: number): string {
  const percent = progress.totalBytes > 0 ? Math.floor((progress.sentBytes / progress.totalBytes) * 100) : 0;
  return `${String(percent).padStart(3)}% uploading ${formatBytes(progress.sentBytes)} of ${formatBytes(progress.totalBytes)}  ${formatBytes(bytesPerSecond)}/s`;
}

function jobLine(job: ApiJob): string {
  const { counts, progress } = job;
  return `${String(progress.percent).padStart(3)}% ${job.state}  valid ${count(counts.valid)}  rejected ${count(counts.rejected)}  ${count(progress.recordsPerSecond)} rec/s`;
}

/** A progress display on `stream`; `now` is injectable for tests. */
export function createProgressDisplay(stream: ProgressStream, now: () => number = Date.now): ProgressDisplay {
  let hasOpenLine = false;
  let lastDrawAt = Number.NEGATIVE_INFINITY;
  let lastPlainKey = "";
  let uploadStart: { at: number; bytes: number } | undefined;
  let lastState = "";

  function draw(line: string, percent: number, isForced: boolean): void {
    if (!isForced && now() - lastDrawAt < REDRAW_MS) return;
    lastDrawAt = now();
    const text = `${bar(percent)} ${line}`;
    const width = stream.columns ? stream.columns - 1 : text.length;
    stream.write(`\r\x1b[2K${text.slice(0, width)}`);
    hasOpenLine = true;
  }

  function plain(key: string, line: string, isDue: boolean): void {
    if (key === lastPlainKey && !isDue) return;
    lastPlainKey = key;
    lastDrawAt = now();
    stream.write(`${line}\n`);
  }

  return {
    upload(progress) {
      uploadStart ??= { at: now(), bytes: progress.sentBytes };
      const seconds = (now() - uploadStart.at) / 1000;
      const line = uploadLine(progress, seconds > 0 ? (progress.sentBytes - uploadStart.bytes) / seconds : 0);
      const percent = (progress.sentBytes / Math.max(1, progress.totalBytes)) * 100;
      const isComplete = progress.sentBytes >= progress.totalBytes;
      if (stream.isTTY) return draw(line, percent, isComplete);
      // Plain output: a line per tenth of the file.
      plain(`upload:${Math.floor(percent / 10)}`, line, false);
    },
    job(job) {
      const isNewState = job.state !== lastState;
      lastState = job.state;
      if (stream.isTTY) return draw(jobLine(job), job.progress.percent, isNewState);
      plain(`job:${job.state}`, jobLine(job), now() - lastDrawAt >= PLAIN_JOB_EVERY_MS);
    },
    end() {
      if (hasOpenLine) stream.write("\n");
      hasOpenLine = false;
      lastPlainKey = "";
    },
  };
}
