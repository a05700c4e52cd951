import { z } from "zod";

/** The fields of an RFC 9457 problem the client relies on; anything else is kept as is. */
const ProblemBody = z.looseObject({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().int().optional(),
  detail: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** Longest non-JSON body text kept as the detail of an error (a proxy's HTML page, say). */
const MAX_TEXT_DETAIL = 500;

/**
 * A non-2xx answer of the Intake API. `type`, `title` and `detail` come from the
 * problem+json body; an answer without one (a proxy's error page) gets
 * `about:blank` and the status text, with the start of the body as detail.
 */
export class IntakeApiError extends Error {
  readonly status: number;
  /** The problem type URI, for example https://intake.dev/problems/not-found. */
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  /** The x-request-id of the answer: quote it when asking for support. */
  readonly requestId?: string;
  /** Per-field validation messages, when the API sent them. */
  readonly errors: readonly { path: string; message: string }[];
  /** The whole problem body, extension members included. */
  readonly problem: Readonly<Record<string, unknown>>;

  constructor(input: {
    status: number;
    type: string;
    title: string;
    detail: string;
    requestId?: string;
    errors?: readonly { path: string; message: string }[];
    problem?: Record<string, unknown>;
  }) {
    super(`${input.title} (${input.status}): ${input.detail}`);
    this.name = "IntakeApiError";
    this.status = input.status;
    this.type = input.type;
    this.title = input.title;
    this.detail = input.detail;
    this.requestId = input.requestId;
    this.errors = input.errors ?? [];
    this.problem = input.problem ?? {};
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads a non-2xx Response (consuming its body) into an IntakeApiError. */
export async function readIntakeApiError(response: Response): Promise<IntakeApiError> {
  const text = await response.text().catch(() => "");
  const requestIdHeader = response.headers.get("x-request-id") ?? undefined;
  const contentType = response.headers.get("content-type") ?? "";
  const parsed = /json/i.test(contentType) ? ProblemBody.safeParse(parseJson(text)) : undefined;
  const fallbackTitle = response.statusText || `HTTP ${response.status}`;
  if (parsed?.success) {
    const problem = parsed.data;
    return new IntakeApiError({
      status: response.status,
      type: problem.type ?? "about:blank",
      title: problem.title ?? fallbackTitle,
      detail: problem.detail ?? problem.title ?? fallbackTitle,
      requestId: requestIdHeader ?? problem.requestId,
      errors: problem.errors,
      problem,
    });
  }
  const snippet = text.replace(/\s+/g, " ").trim().slice(0, MAX_TEXT_DETAIL);
  return new IntakeApiError({
    status: response.status,
    type: "about:blank",
    title: fallbackTitle,
    detail: snippet || fallbackTitle,
    requestId: requestIdHeader,
  });
}
