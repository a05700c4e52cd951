#!/usr/bin/env -S node --import tsx
import { runCli } from "@/lib/client/cli/run-cli";

/** Exit code of a run stopped with Ctrl-C, as shells report it (128 + SIGINT). */
const INTERRUPTED = 130;

let interruptHint: string | undefined;
process.once("SIGINT", () => {
  process.stderr.write(`\n${interruptHint ?? "Interrupted."}\n`);
  process.exit(INTERRUPTED);
});

const { INTAKE_URL, INTAKE_KEY_ID, INTAKE_SECRET } = process.env;

process.exitCode = await runCli({
  argv: process.argv.slice(2),
  env: { INTAKE_URL, INTAKE_KEY_ID, INTAKE_SECRET },
  stdout: process.stdout,
  stderr: process.stderr,
  onInterruptHint: (hint) => {
    interruptHint = hint;
  },
});
