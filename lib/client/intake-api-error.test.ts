import { describe, expect, it } from "vitest";
import { IntakeApiError, readIntakeApiError } from "@/lib/client/intake-api-error";

describe("readIntakeApiError", () => {
  it("reads type, title, status, detail, field errors and the request id of a problem+json answer", async () => {
    const response = new Response(
      JSON.stringify({
        type: "https://intake.dev/problems/validation-failed",
        title: "Validation failed",
        status: 400,
        detail: "The request is not valid.",
        errors: [{ path: "size", message: "Too small: expected number to be >=1" }],
        requestId: "from-body",
      }),
      { status: 400, headers: { "content-type": "application/problem+json", "x-request-id": "req-123" } },
    );

    const error = await readIntakeApiError(response);

    expect(error).toBeInstanceOf(IntakeApiError);
    expect(error).toMatchObject({
      status: 400,
      type: "https://intake.dev/problems/validation-failed",
      title: "Validation failed",
      detail: "The request is not valid.",
      requestId: "req-123",
      errors: [{ path: "size", message: "Too small: expected number to be >=1" }],
    });
    expect(error.message).toBe("Validation failed (400): The request is not valid.");
  });

  it("keeps the request id of the body when the header is missing", async () => {
    const body = { type: "https://intake.dev/problems/not-found", title: "Not found", status: 404, detail: "No such job.", requestId: "req-body" };
    const error = await readIntakeApiError(Response.json(body, { status: 404 }));
    expect(error.requestId).toBe("req-body");
    expect(error.problem).toMatchObject({ detail: "No such job." });
  });

  it("describes a non-JSON answer (a proxy's error page) by its status and the start of its text", async () => {
    const response = new Response("<html><body>\n  Bad   gateway </body></html>", { status: 502, statusText: "Bad Gateway", headers: { "content-type": "text/html" } });

    const error = await readIntakeApiError(response);

    expect(error).toMatchObject({ status: 502, type: "about:blank", title: "Bad Gateway", detail: "<html><body> Bad gateway </body></html>", requestId: undefined });
  });

  it("falls back to the status when a JSON body is not a problem", async () => {
    const error = await readIntakeApiError(new Response("[1, 2]", { status: 500, headers: { "content-type": "application/json" } }));
    expect(error).toMatchObject({ status: 500, type: "about:blank", title: "HTTP 500", detail: "[1, 2]" });
  });
});
