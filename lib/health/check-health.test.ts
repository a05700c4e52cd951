import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { closeAppContext, createAppContext } from "@/lib/context";
import { checkHealth } from "@/lib/health/check-health";
import { startTestStack, TEST_REDIS_URL, type TestStack } from "@/lib/testing/test-stack";

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ REDIS_URL: TEST_REDIS_URL });
});

afterAll(async () => {
  await stack?.close();
});

describe("checkHealth", () => {
  it("reports S3, SQS, DynamoDB and Redis with their latency when all are up", async () => {
    const report = await checkHealth(stack.context);
    expect(report.status).toBe("ok");
    expect(Object.keys(report.checks).sort()).toEqual(["dynamodb", "redis", "s3", "sqs"]);
    for (const check of Object.values(report.checks)) {
      expect(check.ok).toBe(true);
      expect(check.latencyMs).toBeGreaterThanOrEqual(0);
    }
  });

  it("reports the one dependency that is down, and only that one", async () => {
    const config = parseConfig({ ...stack.env, REDIS_URL: "redis://127.0.0.1:1" });
    const context = await createAppContext(config);
    try {
      const report = await checkHealth(context);
      expect(report.status).toBe("unavailable");
      expect(report.checks.redis?.ok).toBe(false);
      expect(report.checks.s3?.ok).toBe(true);
      expect(report.checks.dynamodb?.ok).toBe(true);
    } finally {
      await closeAppContext(context);
    }
  });
});
