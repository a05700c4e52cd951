import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli, type CliStream } from "@/lib/client/cli/run-cli";
import { startFakeIntakeServer, type FakeIntakeServer } from "@/lib/client/fake-intake-server";
import type { ApiJob } from "@/lib/client/intake-client";
import type { JobState } from "@/lib/imports/job-states";

const JOB_LINE = /^job (\S+) (\S+) rows=(\d+) valid=(\d+) rejected=(\d+)$/;

let fake: FakeIntakeServer;
let directory: string;
let file: string;

beforeEach(async () => {
  fake = await startFakeIntakeServer({ partSize: 5 * 1024 * 1024, singlePutMaxBytes: 64 * 1024 * 1024 });
  directory = await mkdtemp(join(tmpdir(), `intake-cli-${randomUUID()}-`));
  file = join(directory, "contacts.csv");
  await writeFile(file, "email,first_name,last_name\na@example.com,Ada,Lovelace\nnot-an-email,Bob,\n");
});

afterEach(async () => {
  await fake.close();
  await rm(directory, { recursive: true, force: true });
});

function output(): { stream: CliStream; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: { write: (chunk: string | Uint8Array) => chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString()) > 0, once: () => undefined },
    text: () => chunks.join(""),
  };
}

function finishedJob(input: { jobId: string; state: JobState; valid: number; rejected: number }): ApiJob {
  return {
    jobId: input.jobId,
    templateId: "contacts",
    dataset: "contacts",
    state: input.state,
    fileName: "contacts.csv",
    fileSize: 80,
    counts: { rows: input.valid + input.rejected, valid: input.valid, rejected: input.rejected },
    bytesProcessed: 80,
    seq: 5,
    hasErrorReport: input.rejected > 0,
    failureReason: input.state === "failed" ? "The file has no header row." : undefined,
    createdAt: "2030-01-01T00:00:00.000Z",
    updatedAt: "2030-01-01T00:00:02.000Z",
    startedAt: "2030-01-01T00:00:00.000Z",
    finishedAt: "2030-01-01T00:00:02.000Z",
    progress: { percent: 100, recordsPerSecond: 1, etaSeconds: 0 },
    links: { self: `/api/v1/jobs/${input.jobId}`, errors: null },
  };
}

async function run(argv: string[]) {
  const stdout = output();
  const stderr = output();
  const env = { INTAKE_URL: fake.url, INTAKE_KEY_ID: "ik_demo", INTAKE_SECRET: "secret" };
  const code = await runCli({ argv, env, stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text(), lastLine: stdout.text().trimEnd().split("\n").at(-1) ?? "" };
}

describe("intake import", () => {
  it("uploads, creates the job with the mapping, and ends with a parsable job line and exit code 0", async () => {
    fake.createJob = (uploadId) => ({ ...finishedJob({ jobId: `job-for-${uploadId}`, state: "succeeded", valid: 2, rejected: 0 }) });

    const result = await run(["import", file, "--template", "contacts", "--mapping", "email=E-mail"]);

    expect(result.code).toBe(0);
    const [, jobId, state, rows, valid, rejected] = JOB_LINE.exec(result.lastLine) ?? [];
    expect({ jobId, state, rows, valid, rejected }).toEqual({ jobId: expect.stringMatching(/^job-for-upl_/), state: "succeeded", rows: "2", valid: "2", rejected: "0" });
    const uploadId = jobId?.replace("job-for-", "") ?? "";
    expect(fake.completed.get(uploadId)?.toString()).toBe(await readFile(file, "utf8"));
    expect(fake.requests.find((request) => request.path === "/api/v1/jobs")?.idempotencyKey).toBeDefined();
    expect(result.stderr).toContain(`Uploading contacts.csv to ${fake.url}`);
  });

  it("exits 2 after a job with rejected rows and prints the first reasons", async () => {
    fake.createJob = () => finishedJob({ jobId: "job-errors", state: "completed_with_errors", valid: 1, rejected: 1 });
    fake.errorReports.set("job-errors", "row,reason,email\r\n3,email: not an e-mail,not-an-email\r\n");

    const result = await run(["import", file, "-t", "contacts"]);

    expect(result.code).toBe(2);
    expect(result.stdout).toContain("row 3: email: not an e-mail");
    expect(result.lastLine).toBe("job job-errors completed_with_errors rows=2 valid=1 rejected=1");
  });

  it("exits 1 with the problem detail and request id when the API refuses", async () => {
    const result = await run(["status", "no-such-job"]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: Refused by the fake \(404\): No fake for GET \/api\/v1\/jobs\/no-such-job\.\n {2}request id: [0-9a-f-]{36}\n$/);
  });
});

describe("intake status and errors", () => {
  it("exits 1 for a failed job and shows why it failed", async () => {
    fake.jobs.set("job-failed", finishedJob({ jobId: "job-failed", state: "failed", valid: 0, rejected: 0 }));

    const result = await run(["status", "job-failed"]);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain("reason: The file has no header row.");
    expect(result.lastLine).toBe("job job-failed failed rows=0 valid=0 rejected=0");
  });

  it("writes the error report to --out", async () => {
    fake.jobs.set("job-errors", finishedJob({ jobId: "job-errors", state: "completed_with_errors", valid: 1, rejected: 1 }));
    fake.errorReports.set("job-errors", "row,reason\r\n3,bad\r\n");
    const out = join(directory, "errors.csv");

    const result = await run(["errors", "job-errors", "--out", out]);

    expect(result.code).toBe(0);
    expect(await readFile(out, "utf8")).toBe("row,reason\r\n3,bad\r\n");
  });
});

describe("intake without credentials", () => {
  it("says which variables to set and exits 1", async () => {
    const stdout = output();
    const stderr = output();
    const code = await runCli({ argv: ["status", "job-1"], env: {}, stdout: stdout.stream, stderr: stderr.stream });
    expect(code).toBe(1);
    expect(stderr.text()).toContain("set INTAKE_KEY_ID and INTAKE_SECRET");
  });
});
