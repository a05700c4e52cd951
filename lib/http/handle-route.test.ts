import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { handleRoute } from "@/lib/http/handle-route";
import { loggablePath } from "@/lib/http/log-request";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function call(requestId: string | undefined, handler: () => Promise<Response> = async () => Response.json({ ok: true })) {
  const headers = requestId === undefined ? undefined : { "x-request-id": requestId };
  return handleRoute(new Request("http://localhost/api/v1/jobs", { headers }), handler);
}

describe("handleRoute request ids", () => {
  it("keeps a well-formed X-Request-Id and returns it, on a problem too", async () => {
    expect((await call("lb-7f3a.2026:01_x")).headers.get("x-request-id")).toBe("lb-7f3a.2026:01_x");
    const problem = await call("abc-123", async () => {
      throw new AppError("not_found", { message: "No such job." });
    });
    expect(problem.headers.get("x-request-id")).toBe("abc-123");
    expect(await problem.json()).toMatchObject({ status: 404, requestId: "abc-123" });
  });

  it("replaces a missing, malformed or overlong id with a fresh UUID", async () => {
    for (const incoming of [undefined, "has space", "quote\"d", "x".repeat(101), ""]) {
      expect((await call(incoming)).headers.get("x-request-id")).toMatch(UUID);
    }
  });
});

describe("loggablePath", () => {
  it("hides record keys (customer data) and keeps ids", () => {
    expect(loggablePath("/api/v1/datasets/contacts/records/jane%40example.com")).toBe("/api/v1/datasets/contacts/records/:recordKey");
    expect(loggablePath("/api/v1/jobs/job_123")).toBe("/api/v1/jobs/job_123");
  });
});
