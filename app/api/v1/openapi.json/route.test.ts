import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATIONS } from "@/lib/api/openapi-document";
import { updateProcessConfig } from "@/lib/config";
import { callApi } from "@/lib/testing/api-harness";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

const V1 = path.resolve(import.meta.dirname, "..");
/** Routes of /api/v1 that are not signed operations. */
const UNSIGNED = new Set(["GET /api/v1/openapi.json"]);

async function routeFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? routeFiles(path.join(directory, entry.name)) : Promise.resolve(entry.name === "route.ts" ? [path.join(directory, entry.name)] : []))),
  );
  return nested.flat();
}

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ PUBLIC_RATE_LIMIT_PER_MINUTE: "3" });
  updateProcessConfig(stack.env);
});
afterAll(async () => {
  await stack?.close();
});

describe("the OpenAPI document", () => {
  it("documents every method of every /api/v1 route, and nothing that does not exist", async () => {
    const implemented: string[] = [];
    for (const file of await routeFiles(V1)) {
      const routePath = `/api/v1/${path.relative(V1, path.dirname(file)).replace(/\[(\w+)\]/g, "{$1}")}`;
      const module = (await import(file)) as Record<string, unknown>;
      for (const method of ["GET", "POST", "DELETE", "PUT", "PATCH"]) {
        if (typeof module[method] === "function") implemented.push(`${method} ${routePath}`);
      }
    }
    const documented = OPERATIONS.map((operation) => `${operation.method.toUpperCase()} ${operation.path}`);
    expect(documented.sort()).toEqual(implemented.filter((route) => !UNSIGNED.has(route)).sort());
  });

  it("is served as OpenAPI 3.1 without a signature, rate limited per address", async () => {
    const { GET } = await import("@/app/api/v1/openapi.json/route");
    const response = await callApi(GET, { method: "GET", path: "/api/v1/openapi.json", ip: "192.0.2.50" });
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe("3.1.0");
    expect(document.paths["/api/v1/jobs/{jobId}"]).toBeDefined();
    expect(response.headers.get("ratelimit-limit")).toBe("3");
    await callApi(GET, { method: "GET", path: "/api/v1/openapi.json", ip: "192.0.2.50" });
    await callApi(GET, { method: "GET", path: "/api/v1/openapi.json", ip: "192.0.2.50" });
    expect((await callApi(GET, { method: "GET", path: "/api/v1/openapi.json", ip: "192.0.2.50" })).status).toBe(429);
    expect((await callApi(GET, { method: "GET", path: "/api/v1/openapi.json", ip: "192.0.2.51" })).status).toBe(200);
  });
});
