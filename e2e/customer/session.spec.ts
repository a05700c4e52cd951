import { randomBytes } from "node:crypto";
import { expect, test, type BrowserContext } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { sessionCookieName } from "@/lib/auth/portal-session";
import { DEMO } from "@/lib/seed/seed-demo";
import { E2E_BASE_URL } from "../helpers/e2e-env";
import { signIn } from "../helpers/sign-in";

const COOKIE = sessionCookieName(false);

async function plantSession(context: BrowserContext, value: string): Promise<void> {
  await context.addCookies([{ name: COOKIE, value, url: E2E_BASE_URL, httpOnly: true, sameSite: "Lax" }]);
}

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((cookie) => cookie.name === COOKIE);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

test("[customer] a session cookie planted before sign-in is refused, and sign-in replaces it", async ({ page, context }) => {
  const claims = { userId: "usr_attacker", email: DEMO.customer.email, name: "Attacker", role: "customer_admin", customerId: DEMO.customerId };
  const planted = [
    randomBytes(48).toString("base64url"),
    `${base64url({ alg: "none", typ: "JWT" })}.${base64url({ ...claims, exp: Math.floor(Date.now() / 1000) + 3600 })}.`,
    await encode({ token: claims, secret: randomBytes(32).toString("base64url") }),
  ];
  for (const value of planted) {
    await plantSession(context, value);
    await page.goto("/jobs");
    await expect(page).toHaveURL(/\/signin$/);
    const session = await page.request.get("/api/auth/session");
    expect(session.ok()).toBe(true);
    expect(await session.json()).toEqual({});
  }

  const fixed = planted.at(-1)!;
  await plantSession(context, fixed);
  await signIn(page, DEMO.customer);
  await expect(page.getByRole("heading", { name: "Imports" })).toBeVisible();
  const issued = await sessionCookie(context);
  expect(issued?.value).toBeTruthy();
  expect(planted).not.toContain(issued?.value);
  expect(issued).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
});

test("[customer] sign-out clears the session cookie, and a copy of it no longer opens the portal", async ({ page, context, browser }) => {
  await signIn(page, DEMO.customer);
  await expect(page.getByRole("heading", { name: "Imports" })).toBeVisible();
  const copy = (await sessionCookie(context))!.value;

  // The control: the copy opens the portal from another browser while the session lasts.
  const elsewhere = await browser.newContext();
  await plantSession(elsewhere, copy);
  const other = await elsewhere.newPage();
  await other.goto("/jobs");
  await expect(other.getByRole("heading", { name: "Imports" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Intake" })).toBeVisible();
  expect(await sessionCookie(context)).toBeUndefined();

  await other.goto("/jobs");
  await expect(other).toHaveURL(/\/signin$/);
  await plantSession(context, copy);
  await page.goto("/jobs");
  await expect(page).toHaveURL(/\/signin$/);
  expect((await page.request.get("/api/portal/jobs")).status()).toBe(401);
  await elsewhere.close();
});
