import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateProcessConfig } from "@/lib/config";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

let stack: TestStack;

beforeAll(async () => {
  // The route builds its context from the process environment, as in production;
  // Redis points at a closed port so one dependency is down.
  stack = await startTestStack({ REDIS_URL: "redis://127.0.0.1:1" });
  updateProcessConfig(stack.env);
});

afterAll(async () => {
  await stack?.close();
});

describe("GET /api/health", () => {
  it("answers 503 naming the dependency that is down, with every check's latency", async () => {
    const { GET } = await import("@/app/api/health/route");
    const response = await GET(new Request("http://localhost/api/health"));
    expect(response.status).toBe(503);
    expect(response.headers.get("x-request-id")).toBeTruthy();
    const body = (await response.json()) as { status: string; checks: Record<string, { ok: boolean; latencyMs: number }> };
    expect(body.status).toBe("unavailable");
    expect(body.checks.redis?.ok).toBe(false);
    expect(body.checks.s3).toMatchObject({ ok: true });
    expect(body.checks.sqs).toMatchObject({ ok: true });
    expect(body.checks.dynamodb).toMatchObject({ ok: true });
  });
});
