import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPortalSession, recordSignedOutSession, sessionCookieName, type PortalSession } from "@/lib/auth/portal-session";
import { closeAppContext, createAppContext } from "@/lib/context";
import { insertUser } from "@/lib/db/users";
import { startTestStack, TEST_REDIS_URL, type TestStack } from "@/lib/testing/test-stack";

const AUTH_SECRET = randomBytes(32).toString("base64url");
const alice: PortalSession = { userId: "usr_alice", email: "alice@a.example", name: "Alice", role: "customer_admin", customerId: "cus_a" };

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ AUTH_SECRET, REDIS_URL: TEST_REDIS_URL });
  await insertUser(stack.context, { ...alice, passwordHash: "scrypt$unused" });
});

afterAll(async () => {
  await stack?.close();
});

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const read = (token: string) => readPortalSession(stack.context, { cookieHeader: `theme=dark; ${sessionCookieName(false)}=${encodeURIComponent(token)}` });
const tokenOf = (session: PortalSession, secret = AUTH_SECRET) => encode({ token: { ...session }, secret });

describe("portal session cookie", () => {
  it("reads a session this server issued (the control for the refusals below)", async () => {
    expect(await read(await tokenOf({ ...alice, sessionId: randomUUID() }))).toMatchObject({ userId: "usr_alice", customerId: "cus_a" });
  });

  const now = Math.floor(Date.now() / 1000);
  const claims = { ...alice, iat: now, exp: now + 3600, jti: randomUUID() };
  const planted: Record<string, () => Promise<string> | string> = {
    "a random string": () => randomBytes(48).toString("base64url"),
    "an unsigned JWT (alg none)": () => `${base64url({ alg: "none", typ: "JWT" })}.${base64url(claims)}.`,
    "a JWT signed HS256 with the server's own secret": () => {
      const unsigned = `${base64url({ alg: "HS256", typ: "JWT" })}.${base64url(claims)}`;
      return `${unsigned}.${createHmac("sha256", AUTH_SECRET).update(unsigned).digest("base64url")}`;
    },
    "a token encrypted under another secret": () => tokenOf(alice, randomBytes(32).toString("base64url")),
    "a JWE-shaped string of random parts": () => [base64url({ alg: "dir", enc: "A256GCM" }), "", ...[12, 64, 16].map((size) => randomBytes(size).toString("base64url"))].join("."),
    "a real token with one byte of its ciphertext changed": async () => {
      const parts = (await tokenOf(alice)).split(".");
      const ciphertext = Buffer.from(parts[3]!, "base64url");
      ciphertext.writeUInt8(ciphertext.readUInt8(0) ^ 1, 0);
      parts[3] = ciphertext.toString("base64url");
      return parts.join(".");
    },
  };

  for (const [what, make] of Object.entries(planted)) {
    it(`refuses ${what}`, async () => {
      expect(await read(await make())).toBeUndefined();
    });
  }

  it("refuses a token this server issued without the fields of a session", async () => {
    expect(await read(await encode({ token: { sub: "usr_alice", email: "alice@a.example" }, secret: AUTH_SECRET }))).toBeUndefined();
  });

  it("refuses every copy of a signed-out session, and only that session", async () => {
    const sessionId = randomUUID();
    const [first, refreshed, other] = await Promise.all([tokenOf({ ...alice, sessionId }), tokenOf({ ...alice, sessionId }), tokenOf({ ...alice, sessionId: randomUUID() })]);
    expect(await read(first)).toBeDefined();
    await recordSignedOutSession(stack.context, sessionId);
    expect(await read(first)).toBeUndefined();
    expect(await read(refreshed)).toBeUndefined();
    expect(await read(other)).toMatchObject({ userId: "usr_alice" });
  });
});

describe("portal session cookie in the embedded shape (no Redis)", () => {
  let embedded: TestStack;

  beforeAll(async () => {
    embedded = await startTestStack({ AUTH_SECRET });
    await insertUser(embedded.context, { ...alice, passwordHash: "scrypt$unused" });
  });

  afterAll(async () => {
    await embedded?.close();
  });

  it("refuses a signed-out session in every copy of lib/ in the process (Next.js bundles one, server.ts another)", async () => {
    const sessionId = randomUUID();
    const cookieHeader = `${sessionCookieName(false)}=${await tokenOf({ ...alice, sessionId })}`;
    const otherCopy = await createAppContext(embedded.config);
    try {
      expect(await readPortalSession(otherCopy, { cookieHeader })).toBeDefined();
      await recordSignedOutSession(embedded.context, sessionId);
      expect(await readPortalSession(embedded.context, { cookieHeader })).toBeUndefined();
      expect(await readPortalSession(otherCopy, { cookieHeader })).toBeUndefined();
    } finally {
      await closeAppContext(otherCopy);
    }
  });
});
