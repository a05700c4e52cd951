import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateUser } from "@/lib/auth/authenticate-user";
import { createOperator } from "@/lib/operator/create-operator";
import { startTestStack, type TestStack } from "@/lib/testing/test-stack";

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.close();
});

describe("createOperator", () => {
  it("creates an operator who can sign in, and refuses the same e-mail twice", async () => {
    const user = await createOperator(stack.context, { email: "First.Operator@Example.com", name: "First", password: "a-long-operator-password" });
    expect(user).toMatchObject({ role: "operator", email: "first.operator@example.com" });
    expect(user).not.toHaveProperty("password");
    expect((await authenticateUser(stack.context, { email: "first.operator@example.com", password: "a-long-operator-password" }))?.userId).toBe(user.userId);
    await expect(createOperator(stack.context, { email: "first.operator@example.com", name: "Again", password: "another-long-password!" })).rejects.toMatchObject({ code: "conflict" });
  });

  it("refuses a short password and a malformed e-mail address", async () => {
    await expect(createOperator(stack.context, { email: "ops@example.com", name: "Ops", password: "short" })).rejects.toThrow(/16 characters/);
    await expect(createOperator(stack.context, { email: "not-an-email", name: "Ops", password: "a-long-operator-password" })).rejects.toThrow();
  });
});
