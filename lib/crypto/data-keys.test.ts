import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAppContext, createAppContext, type AppContext } from "@/lib/context";
import { getActiveDataKey, getDataKey } from "@/lib/crypto/data-keys";
import { destroyCustomerKeys } from "@/lib/crypto/destroy-customer-keys";
import { rotateDataKey } from "@/lib/crypto/rotate-data-key";
import { listAuditEvents } from "@/lib/db/audit";
import { insertCustomer } from "@/lib/db/customers";
import { listDataKeys } from "@/lib/db/data-keys";
import { AppError } from "@/lib/errors";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

let stack: TestStack;
/** Other "processes": contexts of their own (own caches), same tables and master key. */
let others: AppContext[];

beforeAll(async () => {
  stack = await startTestStack();
  others = await Promise.all(Array.from({ length: 4 }, () => createAppContext(stack.config)));
});

afterAll(async () => {
  for (const other of others ?? []) await closeAppContext(other);
  await stack?.close();
});

async function refusalOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof AppError) return error;
  throw new Error(`expected an AppError, got ${String(error)}`);
}

describe("customer data keys", () => {
  it("creates version 1 on first use, the same key for processes racing to create it", async () => {
    const keys = await Promise.all([stack.context, ...others].map((context) => getActiveDataKey(context, "cust-race")));

    expect(keys.map((key) => key.version)).toEqual([1, 1, 1, 1, 1]);
    for (const key of keys) expect(key.key.equals(keys[0]!.key)).toBe(true);
    const stored = await listDataKeys(stack.context, "cust-race");
    expect(stored).toHaveLength(1);
    expect(Buffer.from(stored[0]!.wrappedKey!).includes(keys[0]!.key)).toBe(false);
  });

  it("makes a rotated version active at once while the older one still decrypts", async () => {
    await insertCustomer(stack.context, { customerId: "cust-rotate", name: "Rotate" });
    const first = await getActiveDataKey(stack.context, "cust-rotate");

    const rotated = await rotateDataKey(stack.context, { customerId: "cust-rotate", actor: "user:operator" });

    const active = await getActiveDataKey(stack.context, "cust-rotate");
    expect(rotated.version).toBe(2);
    expect(active.version).toBe(2);
    expect(active.key.equals(first.key)).toBe(false);
    expect((await getDataKey(stack.context, { customerId: "cust-rotate", version: 1 })).equals(first.key)).toBe(true);
    expect(rotated.job).toMatchObject({ templateId: "reencrypt", state: "queued", customerId: "cust-rotate" });
    const [audit] = await listAuditEvents(stack.context, { scope: "cust-rotate" });
    expect(audit).toMatchObject({ action: "key.rotated", actor: "user:operator", detail: { fromVersion: "1", toVersion: "2" } });
  });

  it("lets only one of two simultaneous rotations win", async () => {
    await insertCustomer(stack.context, { customerId: "cust-double", name: "Double" });
    await getActiveDataKey(stack.context, "cust-double");

    const results = await Promise.allSettled([
      rotateDataKey(stack.context, { customerId: "cust-double", actor: "user:a" }),
      rotateDataKey(others[0]!, { customerId: "cust-double", actor: "user:b" }),
    ]);

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((result) => result.status === "rejected");
    expect((rejected?.reason as AppError).code).toBe("conflict");
    expect((await listDataKeys(stack.context, "cust-double")).map((key) => key.version)).toEqual([1, 2]);
  });

  it("refuses a rotation for an unknown customer", async () => {
    expect((await refusalOf(rotateDataKey(stack.context, { customerId: "cust-nobody", actor: "user:a" }))).code).toBe("not_found");
  });

  it("never creates a key again for a customer whose keys were destroyed", async () => {
    await insertCustomer(stack.context, { customerId: "cust-shred", name: "Shred" });
    await getActiveDataKey(others[1]!, "cust-shred");

    expect(await destroyCustomerKeys(stack.context, "cust-shred")).toEqual([1]);

    expect((await refusalOf(getActiveDataKey(stack.context, "cust-shred"))).code).toBe("not_found");
    expect((await refusalOf(getDataKey(stack.context, { customerId: "cust-shred", version: 1 }))).code).toBe("not_found");
    expect((await refusalOf(rotateDataKey(stack.context, { customerId: "cust-shred", actor: "user:a" }))).code).toBe("invalid_state");
    const stored = await listDataKeys(stack.context, "cust-shred");
    expect(stored.every((key) => key.state === "destroyed" && key.wrappedKey === undefined)).toBe(true);
    expect(await destroyCustomerKeys(stack.context, "cust-shred")).toEqual([]);
    expect(await listDataKeys(stack.context, "cust-shred")).toHaveLength(2);
  });

  it("shreds a customer that never had a key, so first use refuses", async () => {
    expect(await destroyCustomerKeys(stack.context, "cust-never")).toEqual([]);

    expect((await refusalOf(getActiveDataKey(stack.context, "cust-never"))).code).toBe("not_found");
  });
});
