import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { WORKER_NODE_ARGS } from "@/lib/runtime/worker-node-args";

describe("WORKER_NODE_ARGS", () => {
  it("are the flags npm run start:worker runs the worker with", async () => {
    const { scripts } = JSON.parse(await readFile("package.json", "utf8")) as { scripts: Record<string, string> };
    expect(scripts["start:worker"]).toBe(`node ${WORKER_NODE_ARGS.join(" ")} --import tsx worker/main.ts`);
  });
});
