import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { problemResponse, problemType, toProblem } from "@/lib/http/problem";

function zodErrorOf(schema: z.ZodType, input: unknown): z.ZodError {
  const result = schema.safeParse(input);
  if (result.success) throw new Error("expected the input to be refused");
  return result.error;
}

describe("toProblem", () => {
  it("maps an AppError to its type URI, title, status and message", () => {
    const error = new AppError("invalid_state", { message: "A job cannot move from succeeded to running." });

    expect(toProblem(error)).toEqual({
      type: "https://intake.dev/problems/invalid-state",
      title: "Invalid state",
      status: 409,
      detail: "A job cannot move from succeeded to running.",
    });
  });

  it("adds an AppError's detail as extension members and the request context", () => {
    const error = new AppError("payload_too_large", { message: "The file is too large.", detail: { maxBytes: 1024 } });

    expect(toProblem(error, { requestId: "req-1", instance: "/api/v1/jobs" })).toEqual({
      type: "https://intake.dev/problems/payload-too-large",
      title: "Payload too large",
      status: 413,
      detail: "The file is too large.",
      maxBytes: 1024,
      requestId: "req-1",
      instance: "/api/v1/jobs",
    });
  });

  it("uses a status the AppError overrides", () => {
    const error = new AppError("unprocessable", { message: "Nope.", status: 400 });

    expect(toProblem(error).status).toBe(400);
  });

  it("maps a ZodError to 400 with the path and message of every issue", () => {
    const schema = z.object({ templateId: z.string(), items: z.array(z.object({ quantity: z.number() })) });
    const problem = toProblem(zodErrorOf(schema, { items: [{ quantity: 1 }, { quantity: "x" }] }), { requestId: "req-2" });

    expect(problem).toMatchObject({
      type: "https://intake.dev/problems/validation-failed",
      title: "Validation failed",
      status: 400,
      detail: "The request is not valid.",
      requestId: "req-2",
    });
    expect(problem.errors?.map((error) => error.path)).toEqual(["templateId", "items.1.quantity"]);
    expect(problem.errors?.every((error) => error.message.length > 0)).toBe(true);
  });

  it("maps a JSON SyntaxError to 400 without echoing the parser's message", () => {
    let syntaxError: unknown;
    try {
      JSON.parse("{ not json");
    } catch (error) {
      syntaxError = error;
    }

    expect(toProblem(syntaxError)).toEqual({
      type: "https://intake.dev/problems/validation-failed",
      title: "Validation failed",
      status: 400,
      detail: "The request body is not valid JSON.",
    });
  });

  it("maps an unknown Error to 500 'internal error' and leaks none of its message", () => {
    const problem = toProblem(new Error("connect ECONNREFUSED 10.0.0.5:6379 password=hunter2"), { requestId: "req-3" });

    expect(problem).toEqual({
      type: "https://intake.dev/problems/internal",
      title: "Internal error",
      status: 500,
      detail: "internal error",
      requestId: "req-3",
    });
    expect(JSON.stringify(problem)).not.toMatch(/ECONNREFUSED|hunter2/);
  });

  it("maps a thrown non-Error value to 500", () => {
    expect(toProblem("a string").status).toBe(500);
    expect(toProblem(undefined).detail).toBe("internal error");
  });
});

describe("problemType", () => {
  it("turns underscores of the code into hyphens", () => {
    expect(problemType("dependency_unavailable")).toBe("https://intake.dev/problems/dependency-unavailable");
  });
});

describe("problemResponse", () => {
  it("sends the problem as application/problem+json with its status", async () => {
    const problem = toProblem(new AppError("not_found", { message: "No such job." }));
    const response = problemResponse(problem);

    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toEqual(problem);
  });

  it("adds the extra headers it is given", () => {
    const problem = toProblem(new AppError("rate_limited", { message: "Slow down." }));
    const response = problemResponse(problem, { "retry-after": "30" });

    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });
});
