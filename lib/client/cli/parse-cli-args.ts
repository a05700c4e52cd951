import { parseArgs } from "node:util";

/** What the command line asks for; `invalid` carries the message to show with the usage hint. */
export type CliCommand =
  | { name: "help" }
  | { name: "invalid"; message: string }
  | { name: "templates"; url?: string }
  | {
      name: "import";
      file: string;
      templateId: string;
      /** Template field → column header in the file. */
      mapping?: Record<string, string>;
      concurrency: number;
      isDetached: boolean;
      url?: string;
    }
  | { name: "status"; jobId: string; shouldWait: boolean; url?: string }
  | { name: "cancel"; jobId: string; url?: string }
  | { name: "errors"; jobId: string; out?: string; url?: string };

const OPTIONS = {
  template: { type: "string", short: "t" },
  mapping: { type: "string", short: "m", multiple: true },
  concurrency: { type: "string", short: "c" },
  detach: { type: "boolean" },
  wait: { type: "boolean", short: "w" },
  out: { type: "string", short: "o" },
  url: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const MAX_CONCURRENCY = 32;

function parseMapping(pairs: readonly string[]): Record<string, string> | string {
  const mapping: Record<string, string> = {};
  for (const pair of pairs) {
    const separator = pair.indexOf("=");
    const field = pair.slice(0, separator).trim();
    if (separator < 1 || field === "" || pair.slice(separator + 1) === "") return `--mapping takes field=Header, not "${pair}".`;
    mapping[field] = pair.slice(separator + 1);
  }
  return mapping;
}

/** Reads the arguments after `intake` into a command; never throws. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return { name: "invalid", message: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals } = parsed;
  const [name, target, ...extra] = positionals;
  if (values.help || name === undefined || name === "help") return { name: "help" };
  if (extra.length > 0) return { name: "invalid", message: `Unexpected argument "${extra[0]}".` };
  const url = values.url;
  if (url !== undefined && !URL.canParse(url)) return { name: "invalid", message: `--url "${url}" is not a URL.` };

  switch (name) {
    case "templates":
      return target === undefined ? { name, url } : { name: "invalid", message: `Unexpected argument "${target}".` };
    case "import": {
      if (target === undefined) return { name: "invalid", message: "Name the file to import: intake import <file> --template <id>." };
      if (!values.template) return { name: "invalid", message: "Choose a template with --template <id> (intake templates lists them)." };
      const concurrency = Number(values.concurrency ?? 4);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
        return { name: "invalid", message: `--concurrency takes a whole number from 1 to ${MAX_CONCURRENCY}.` };
      }
      const mapping = values.mapping ? parseMapping(values.mapping) : undefined;
      if (typeof mapping === "string") return { name: "invalid", message: mapping };
      return { name, file: target, templateId: values.template, mapping, concurrency, isDetached: values.detach ?? false, url };
    }
    case "status":
    case "cancel":
    case "errors": {
      if (target === undefined) return { name: "invalid", message: `Name the job: intake ${name} <jobId>.` };
      if (name === "status") return { name, jobId: target, shouldWait: values.wait ?? false, url };
      return name === "cancel" ? { name, jobId: target, url } : { name, jobId: target, out: values.out, url };
    }
    default:
      return { name: "invalid", message: `Unknown command "${name}".` };
  }
}
