/*
 * A corpus of hostile and broken upload files, each with the outcome a correct
 * import gives it. The cases live by theme in lib/testing/hostile-files/; the
 * builders and types in its builders.ts.
 */
import type { HostileCase } from "@/lib/testing/hostile-files/builders";
import { jsonLineCases } from "@/lib/testing/hostile-files/json-cases";
import { fileKinds, headersAndRows, limitsAndCompression } from "@/lib/testing/hostile-files/structure-cases";
import { encodings, lineEndings, quoting } from "@/lib/testing/hostile-files/text-cases";
import { duplicates, emptyFiles, values } from "@/lib/testing/hostile-files/value-cases";

export { HOSTILE_LIMITS, type ExpectedOutcome, type HostileCase } from "@/lib/testing/hostile-files/builders";

/**
 * The corpus, in the order the test imports it: the big files first, while the
 * process's RSS is still low (memory a case frees is reused, not given back, so
 * a later case's growth would hide in it).
 */
export const HOSTILE_CASES: readonly HostileCase[] = [
  ...limitsAndCompression,
  ...quoting,
  ...lineEndings,
  ...encodings,
  ...headersAndRows,
  ...fileKinds,
  ...jsonLineCases,
  ...values,
  ...duplicates,
  ...emptyFiles,
];
