import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterEach, describe, expect, it } from "vitest";
import { getQueueUrls } from "@/lib/aws/queues";
import { startTestStack, waitFor, type TestStack } from "@/lib/testing/test-stack";
import { notifyJobFinished } from "@/lib/webhooks/notify-job-finished";
import { registerWebhook } from "@/lib/webhooks/register-webhook";
import { finishedJob, startTestReceiver, type TestReceiver } from "@/lib/webhooks/webhook-test-helpers";
import { startWorkerLoop } from "@/worker/worker-loop";

const REPO_ROOT = path.resolve(import.meta.dirname, "..");

let stack: TestStack | undefined;
let receiver: TestReceiver | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  child = undefined;
  await receiver?.close();
  receiver = undefined;
  await stack?.close();
  stack = undefined;
});

/**
 * Queues one webhook delivery to an endpoint that never answers: the handler of
 * its message stays busy (up to the webhook timeout) however long a test needs.
 */
async function queueDeliveryThatHangs(current: TestStack): Promise<TestReceiver> {
  const hanging = await startTestReceiver(["hang"]);
  const customerId = `cust-${randomUUID().slice(0, 8)}`;
  await registerWebhook(current.context, { customerId, url: `${hanging.url}/hooks` });
  expect(await notifyJobFinished(current.context, finishedJob({ customerId }))).toEqual({ created: 1 });
  return hanging;
}

/** The next message on the work queue, waiting at most a second: a released message is there at once. */
async function receiveWorkMessage(current: TestStack): Promise<{ type?: string } | undefined> {
  const { work } = await getQueueUrls(current.context.clients, current.config);
  const { Messages = [] } = await current.context.clients.sqs.send(
    new ReceiveMessageCommand({ QueueUrl: work, MaxNumberOfMessages: 1, WaitTimeSeconds: 1 }),
  );
  return Messages[0] ? (JSON.parse(Messages[0].Body ?? "") as { type?: string }) : undefined;
}

describe("worker shutdown", () => {
  it("releases a message whose handler is still running at the drain deadline, so it is receivable at once", async () => {
    stack = await startTestStack({ WEBHOOK_ALLOW_PRIVATE: "true", WORKER_DRAIN_SECONDS: "1" });
    receiver = await queueDeliveryThatHangs(stack);
    const worker = startWorkerLoop(stack.context);
    await waitFor(async () => (receiver!.received.length > 0 ? true : undefined), 10_000);

    const closingAt = Date.now();
    await worker.close();
    const closedAfterMs = Date.now() - closingAt;
    // It waited for the drain deadline, then did not wait for the handler (which hangs up to 10 s).
    expect(closedAfterMs).toBeGreaterThanOrEqual(900);
    expect(closedAfterMs).toBeLessThan(4_000);
    // The queue's visibility timeout is 120 s: only a release makes the message receivable now.
    expect((await receiveWorkMessage(stack))?.type).toBe("webhook_delivery");
    await worker.close();
  });

  it("exits with code 0 on SIGTERM within the drain deadline while a handler is busy (npm run start:worker)", async () => {
    stack = await startTestStack({ WEBHOOK_ALLOW_PRIVATE: "true" });
    receiver = await queueDeliveryThatHangs(stack);
    const output: string[] = [];
    const worker = spawn(process.execPath, ["--import", "tsx", "worker/main.ts"], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "", ...stack.env, NODE_ENV: "test", WORKER_DRAIN_SECONDS: "2", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = worker;
    worker.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    worker.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => worker.once("exit", (code) => resolve(code)));
    await waitFor(async () => (receiver!.received.length > 0 ? true : undefined), 20_000, 100);

    const signalledAt = Date.now();
    worker.kill("SIGTERM");
    const code = await exited;
    const exitedAfterMs = Date.now() - signalledAt;

    expect(code, output.join("")).toBe(0);
    expect(exitedAfterMs).toBeGreaterThanOrEqual(1_800);
    expect(exitedAfterMs).toBeLessThan(2_000 + 5_000);
    expect((await receiveWorkMessage(stack))?.type).toBe("webhook_delivery");
  }, 30_000);
});
