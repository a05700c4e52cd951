import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { createProgressDisplay, type ProgressDisplay, type ProgressStream } from "@/lib/client/cli/create-progress-display";
import { HELP_TEXT } from "@/lib/client/cli/help-text";
import { parseCliArgs, type CliCommand } from "@/lib/client/cli/parse-cli-args";
import { formatJobLine, reportJobOutcome } from "@/lib/client/cli/report-job-outcome";
import { followJob } from "@/lib/client/follow-job";
import { IntakeApiError } from "@/lib/client/intake-api-error";
import { createIntakeClient, type IntakeClient } from "@/lib/client/intake-client";
import { uploadFile } from "@/lib/client/upload-file";
import { isTerminalState } from "@/lib/imports/job-states";

const DEFAULT_URL = "http://localhost:3000";

/** A stream the CLI writes to; process.stdout and process.stderr fit. */
export interface CliStream extends ProgressStream {
  write(chunk: string | Uint8Array): boolean;
  once(event: "drain", listener: () => void): unknown;
}

/** Everything a CLI run depends on, so tests can run it in-process. */
export interface CliInput {
  /** The arguments after `intake`. */
  argv: readonly string[];
  env: { INTAKE_URL?: string; INTAKE_KEY_ID?: string; INTAKE_SECRET?: string };
  stdout: CliStream;
  stderr: CliStream;
  /** Told what to say if the user interrupts now (undefined: nothing in particular). */
  onInterruptHint?: (hint: string | undefined) => void;
  fetch?: typeof fetch;
}

interface Session {
  client: IntakeClient;
  baseUrl: string;
  display: ProgressDisplay;
  input: CliInput;
}

type RunnableCommand = Exclude<CliCommand, { name: "help" } | { name: "invalid" }>;

async function runImport(session: Session, command: Extract<CliCommand, { name: "import" }>): Promise<number> {
  const { client, display, input } = session;
  input.onInterruptHint?.("Upload interrupted; run the same command again to resume it.");
  input.stderr.write(`Uploading ${basename(command.file)} to ${session.baseUrl}\n`);
  const resumeStatePath = `${command.file}.intake-upload.json`;
  const upload = await uploadFile(client, { path: command.file, concurrency: command.concurrency, resumeStatePath, onProgress: display.upload }).catch(
    (error: unknown) => {
      display.end();
      if (existsSync(resumeStatePath)) input.stderr.write(`Upload stopped; run the same command again to resume it (${resumeStatePath}).\n`);
      throw error;
    },
  );
  display.end();
  const job = await client.createJob({ uploadId: upload.uploadId, templateId: command.templateId, mapping: command.mapping });
  input.stderr.write(`Job ${job.jobId} created (template ${job.templateId})\n`);
  if (command.isDetached) {
    input.stdout.write(`${formatJobLine(job)}\n`);
    return 0;
  }
  input.onInterruptHint?.(`The job goes on; follow it with: intake status ${job.jobId} --wait`);
  const final = await followJob(client, { jobId: job.jobId, baseUrl: session.baseUrl, onUpdate: display.job });
  display.end();
  input.onInterruptHint?.(undefined);
  return reportJobOutcome({ client, job: final, stdout: input.stdout });
}

async function runStatus(session: Session, command: Extract<CliCommand, { name: "status" }>): Promise<number> {
  const { client, display } = session;
  let job = await client.getJob({ jobId: command.jobId });
  if (command.shouldWait && !isTerminalState(job.state)) {
    job = await followJob(client, { jobId: command.jobId, baseUrl: session.baseUrl, onUpdate: display.job });
    display.end();
  }
  return reportJobOutcome({ client, job, stdout: session.input.stdout });
}

async function runCancel(session: Session, command: Extract<CliCommand, { name: "cancel" }>): Promise<number> {
  const job = await session.client.cancelJob({ jobId: command.jobId });
  session.input.stdout.write(`${formatJobLine(job)}\n`);
  return 0;
}

async function runErrors(session: Session, command: Extract<CliCommand, { name: "errors" }>): Promise<number> {
  const { client, input } = session;
  // The report can be large: stream it rather than buffer it.
  const stream = Readable.fromWeb((await client.downloadErrorReport({ jobId: command.jobId, as: "stream" })) as NodeReadableStream<Uint8Array>);
  if (command.out) {
    await writeFile(command.out, stream);
    input.stderr.write(`Wrote the error report of job ${command.jobId} to ${command.out}\n`);
    return 0;
  }
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    if (!input.stdout.write(chunk)) await new Promise<void>((resolve) => input.stdout.once("drain", resolve));
  }
  return 0;
}

async function runTemplates(session: Session): Promise<number> {
  for (const template of await session.client.listTemplates()) {
    const fields = template.fields.map((field) => `${field.name}${field.required ? "*" : ""}`).join(", ");
    session.input.stdout.write(`${template.templateId}\t${template.name} (dataset ${template.dataset}): ${fields}\n`);
  }
  return 0;
}

function describeError(error: unknown): string {
  if (error instanceof IntakeApiError) {
    const lines = [`error: ${error.title} (${error.status}): ${error.detail}`];
    for (const issue of error.errors) lines.push(`  ${issue.path || "(body)"}: ${issue.message}`);
    if (error.requestId) lines.push(`  request id: ${error.requestId}`);
    return lines.join("\n");
  }
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `error: ${error.message}${cause}`;
  }
  return `error: ${String(error)}`;
}

function dispatch(session: Session, command: RunnableCommand): Promise<number> {
  switch (command.name) {
    case "import":
      return runImport(session, command);
    case "status":
      return runStatus(session, command);
    case "cancel":
      return runCancel(session, command);
    case "errors":
      return runErrors(session, command);
    case "templates":
      return runTemplates(session);
  }
}

/** Runs `intake <argv…>` and resolves with the process's exit code; never throws. */
export async function runCli(input: CliInput): Promise<number> {
  const command = parseCliArgs(input.argv);
  if (command.name === "help") {
    input.stdout.write(HELP_TEXT);
    return 0;
  }
  if (command.name === "invalid") {
    input.stderr.write(`intake: ${command.message}\nRun "intake --help" for usage.\n`);
    return 1;
  }
  const baseUrl = command.url ?? input.env.INTAKE_URL ?? DEFAULT_URL;
  const { INTAKE_KEY_ID: keyId, INTAKE_SECRET: secret } = input.env;
  if (!URL.canParse(baseUrl)) {
    input.stderr.write(`intake: INTAKE_URL "${baseUrl}" is not a URL.\n`);
    return 1;
  }
  if (!keyId || !secret) {
    input.stderr.write("intake: set INTAKE_KEY_ID and INTAKE_SECRET to an API key of your account (the demo key is printed on the server's first start).\n");
    return 1;
  }
  const display = createProgressDisplay(input.stderr);
  const session: Session = { client: createIntakeClient({ baseUrl, keyId, secret, fetch: input.fetch }), baseUrl, display, input };
  try {
    return await dispatch(session, command);
  } catch (error) {
    display.end();
    input.stderr.write(`${describeError(error)}\n`);
    return 1;
  }
}
