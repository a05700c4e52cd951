import { randomUUID } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { tableName } from "@/lib/aws/tables";
import type { AppContext } from "@/lib/context";
import { open } from "@/lib/crypto/seal";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";
import { deleteWebhook } from "@/lib/webhooks/delete-webhook";
import { listWebhookDeliveries } from "@/lib/webhooks/list-webhook-deliveries";
import { listWebhooks } from "@/lib/webhooks/list-webhooks";
import { MAX_WEBHOOKS_PER_CUSTOMER, registerWebhook } from "@/lib/webhooks/register-webhook";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/webhook-events";
import { webhookSecretAad } from "@/lib/webhooks/webhook-store";

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ WEBHOOK_ALLOW_PRIVATE: "true" });
});

afterAll(async () => {
  await stack?.close();
});

const customer = () => `cust-${randomUUID().slice(0, 8)}`;
const url = "http://127.0.0.1:9/hooks";

async function storedItem(customerId: string, webhookId: string): Promise<Record<string, unknown>> {
  const { Item } = await stack.context.clients.documents.send(
    new GetCommand({ TableName: tableName(stack.config.TABLE_PREFIX, "webhooks"), Key: { customerId, webhookId } }),
  );
  return Item!;
}

describe("registerWebhook", () => {
  it("returns the secret once and stores it only sealed, bound to the webhook", async () => {
    const customerId = customer();
    const { webhook, secret } = await registerWebhook(stack.context, { customerId, url, description: "CRM sync" });

    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice("whsec_".length), "base64")).toHaveLength(32);
    expect(JSON.stringify(webhook)).not.toContain(secret.slice(6));

    const item = await storedItem(customerId, webhook.webhookId);
    const stored = JSON.stringify(item);
    expect(stored).not.toContain(secret.slice(6));
    expect(stored).not.toContain("whsec_");
    const sealed = Buffer.from(String(item.secretSealed), "base64");
    expect(open(stack.context.masterKey, sealed, webhookSecretAad({ customerId, webhookId: webhook.webhookId })).toString()).toBe(secret);
    expect(() => open(stack.context.masterKey, sealed, webhookSecretAad({ customerId, webhookId: "wh_other" }))).toThrow();

    const listed = await listWebhooks(stack.context, { customerId });
    expect(listed).toEqual([webhook]);
    expect(JSON.stringify(listed)).not.toMatch(/secret|whsec_/);
  });

  it("subscribes to every event by default and keeps a requested subset without duplicates", async () => {
    const customerId = customer();
    const all = await registerWebhook(stack.context, { customerId, url });
    const some = await registerWebhook(stack.context, { customerId, url, events: ["job.failed", "job.succeeded", "job.failed"] });
    expect(all.webhook.events).toEqual([...WEBHOOK_EVENTS]);
    expect(some.webhook.events).toEqual(["job.succeeded", "job.failed"]);
    expect(all.webhook.disabled).toBe(false);
  });

  it(`refuses endpoint number ${MAX_WEBHOOKS_PER_CUSTOMER + 1} of one customer`, async () => {
    const customerId = customer();
    for (let index = 0; index < MAX_WEBHOOKS_PER_CUSTOMER; index++) await registerWebhook(stack.context, { customerId, url });
    await expect(registerWebhook(stack.context, { customerId, url })).rejects.toMatchObject({ code: "invalid_state" });
    await expect(registerWebhook(stack.context, { customerId: customer(), url })).resolves.toBeDefined();
  });

  it("refuses an unknown event or a malformed URL as a validation error", async () => {
    const customerId = customer();
    await expect(registerWebhook(stack.context, { customerId, url, events: ["job.nope" as never] })).rejects.toBeInstanceOf(ZodError);
    await expect(registerWebhook(stack.context, { customerId, url: "not a url" })).rejects.toBeInstanceOf(ZodError);
  });

  it("applies the SSRF guard of the configuration", async () => {
    const publicOnly: AppContext = { ...stack.context, config: { ...stack.config, allowPrivateWebhooks: false } };
    const customerId = customer();
    await expect(registerWebhook(publicOnly, { customerId, url: "https://127.0.0.1/hooks" })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(registerWebhook(stack.context, { customerId, url: "ftp://127.0.0.1/hooks" })).rejects.toMatchObject({ code: "validation_failed" });
    expect(await listWebhooks(stack.context, { customerId })).toEqual([]);
  });
});

describe("deleteWebhook and customer isolation", () => {
  it("deletes a webhook; a second delete is not_found", async () => {
    const customerId = customer();
    const { webhook } = await registerWebhook(stack.context, { customerId, url });
    await deleteWebhook(stack.context, { customerId, webhookId: webhook.webhookId });
    expect(await listWebhooks(stack.context, { customerId })).toEqual([]);
    await expect(deleteWebhook(stack.context, { customerId, webhookId: webhook.webhookId })).rejects.toMatchObject({ code: "not_found" });
  });

  it("shows another customer's webhook as not_found to list, delete and delivery history", async () => {
    const owner = customer();
    const stranger = customer();
    const { webhook } = await registerWebhook(stack.context, { customerId: owner, url });

    expect(await listWebhooks(stack.context, { customerId: stranger })).toEqual([]);
    await expect(deleteWebhook(stack.context, { customerId: stranger, webhookId: webhook.webhookId })).rejects.toMatchObject({ code: "not_found" });
    await expect(listWebhookDeliveries(stack.context, { customerId: stranger, webhookId: webhook.webhookId })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(deleteWebhook(stack.context, { customerId: stranger, webhookId: "wh_unknown" })).rejects.toMatchObject({ code: "not_found" });

    expect(await listWebhooks(stack.context, { customerId: owner })).toHaveLength(1);
    expect(await listWebhookDeliveries(stack.context, { customerId: owner, webhookId: webhook.webhookId })).toEqual([]);
  });
});
