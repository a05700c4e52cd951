import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAuthOptions } from "@/lib/auth/auth-options";
import { authenticateUser } from "@/lib/auth/authenticate-user";
import { hashPassword } from "@/lib/auth/password";
import { SIGN_IN_LIMITS } from "@/lib/auth/sign-in-throttle";
import { listAuditEvents } from "@/lib/db/audit";
import { insertUser } from "@/lib/db/users";
import { REMOTE_ADDRESS_HEADER } from "@/lib/http/client-ip";
import { startTestStack, TEST_REDIS_URL, type TestStack } from "@/lib/testing/test-stack";

const PASSWORD = "correct horse battery staple";
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

/** Users, sign-ins and audit reads against one test stack. */
function useSignInStack(env: Record<string, string>) {
  let stack: TestStack | undefined;
  beforeAll(async () => {
    stack = await startTestStack(env);
  });
  afterAll(async () => {
    await stack?.close();
  });
  const context = () => stack!.context;
  return {
    context,
    /** A fresh user of a fresh customer, so each test reads only its own audit events. */
    async createUser(): Promise<{ email: string; customerId: string }> {
      const customerId = `cus_${randomUUID()}`;
      const email = `${randomUUID()}@example.com`;
      await insertUser(context(), { userId: `usr_${randomUUID()}`, email, name: "User", role: "customer_admin", customerId, passwordHash });
      return { email, customerId };
    },
    signIn: (email: string, password: string, ip: string) => authenticateUser(context(), { email, password, ip }),
    auditEvents: (customerId: string) => listAuditEvents(context(), { scope: customerId }),
  };
}

const randomIp = () => `2001:db8::${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}`;
const countOf = (events: { action: string }[], action: string) => events.filter((event) => event.action === action).length;

describe.each<{ name: string; env: Record<string, string> }>([
  { name: "in-process", env: {} },
  { name: "Redis", env: { REDIS_URL: TEST_REDIS_URL } },
])("sign-in with the $name limiter", ({ env }) => {
  const { createUser, signIn, auditEvents } = useSignInStack(env);

  it("refuses the right password after 10 wrong ones from one address, checks no more passwords, and audits the throttle once", async () => {
    const user = await createUser();
    const ip = randomIp();
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.perAccountAndIp; attempt += 1) expect(await signIn(user.email, "wrong", ip)).toBeUndefined();
    for (let attempt = 0; attempt < 5; attempt += 1) expect(await signIn(user.email, "wrong", ip)).toBeUndefined();
    expect(await signIn(user.email, PASSWORD, ip)).toBeUndefined();

    const events = await auditEvents(user.customerId);
    expect(countOf(events, "auth.sign_in_failed")).toBe(SIGN_IN_LIMITS.perAccountAndIp);
    expect(countOf(events, "auth.sign_in")).toBe(0);
    expect(events.filter((event) => event.action === "auth.sign_in_throttled")).toEqual([
      expect.objectContaining({ actor: "anonymous", ip, detail: { limit: "account_and_ip", windowMinutes: "15" } }),
    ]);
  });
});

describe("sign-in limits (Redis, as in production)", () => {
  const { context, createUser, signIn, auditEvents } = useSignInStack({ REDIS_URL: TEST_REDIS_URL });

  it("lets the same account in from another address, and another account in from the throttled address", async () => {
    const [victim, bystander] = [await createUser(), await createUser()];
    const ip = randomIp();
    for (let attempt = 0; attempt <= SIGN_IN_LIMITS.perAccountAndIp; attempt += 1) await signIn(victim.email, "wrong", ip);
    expect(await signIn(victim.email, PASSWORD, ip)).toBeUndefined();
    expect(await signIn(victim.email, PASSWORD, randomIp())).toMatchObject({ email: victim.email });
    expect(await signIn(bystander.email, PASSWORD, ip)).toMatchObject({ email: bystander.email });
  });

  it("refuses every account from an address after 50 failures over many accounts, and no other address", async () => {
    const user = await createUser();
    const ip = randomIp();
    await Promise.all(Array.from({ length: SIGN_IN_LIMITS.perIp }, () => signIn(`${randomUUID()}@example.com`, "guess", ip)));
    expect(await signIn(user.email, PASSWORD, ip)).toBeUndefined();
    expect((await auditEvents(user.customerId)).map((event) => [event.action, event.detail?.limit])).toEqual([["auth.sign_in_throttled", "ip"]]);
    expect(await signIn(user.email, PASSWORD, randomIp())).toMatchObject({ email: user.email });
  });

  it("forgets an account's failures from an address once it signs in there", async () => {
    const user = await createUser();
    const ip = randomIp();
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.perAccountAndIp - 1; attempt += 1) await signIn(user.email, "typo", ip);
    expect(await signIn(user.email, PASSWORD, ip)).toMatchObject({ email: user.email });
    // Without the reset these would be failures 10 and 11, and the next sign-in refused.
    await signIn(user.email, "typo", ip);
    await signIn(user.email, "typo", ip);
    expect(await signIn(user.email, PASSWORD, ip)).toMatchObject({ email: user.email });
  });

  it("checks at most 10 passwords of a burst of concurrent guesses", async () => {
    const user = await createUser();
    const ip = randomIp();
    const results = await Promise.all(Array.from({ length: 30 }, () => signIn(user.email, "wrong", ip)));
    expect(results.every((result) => result === undefined)).toBe(true);
    const events = await auditEvents(user.customerId);
    expect(countOf(events, "auth.sign_in_failed")).toBe(SIGN_IN_LIMITS.perAccountAndIp);
    expect(countOf(events, "auth.sign_in_throttled")).toBe(1);
  });

  it("counts next-auth sign-ins by the peer address server.ts sets", async () => {
    const user = await createUser();
    const { authorize } = (buildAuthOptions(context()).providers[0] as unknown as { options: { authorize: Authorize } }).options;
    const fromAddress = (ip: string, password: string) => authorize({ email: user.email, password }, { headers: { [REMOTE_ADDRESS_HEADER]: ip } });
    const ip = randomIp();
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.perAccountAndIp; attempt += 1) expect(await fromAddress(ip, "wrong")).toBeNull();
    expect(await fromAddress(ip, PASSWORD)).toBeNull();
    expect(await fromAddress(randomIp(), PASSWORD)).toMatchObject({ email: user.email });
    expect((await auditEvents(user.customerId)).find((event) => event.action === "auth.sign_in_throttled")?.ip).toBe(ip);
  });
});

type Authorize = (credentials: Record<string, string>, request: { headers: Record<string, string> }) => Promise<{ email?: string | null } | null>;
