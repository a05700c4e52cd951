import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { DEMO } from "@/lib/seed/seed-demo";
import { E2E_BASE_URL } from "../helpers/e2e-env";
import { keepScreenshot } from "../helpers/screenshot";
import { signIn } from "../helpers/sign-in";

async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Intake" })).toBeVisible();
}

/** A portal mutation sent as the browser would from the portal's own page, so only the role can refuse it. */
async function sameOriginPost(page: Page, path: string, data: unknown) {
  return page.request.post(path, { data, headers: { origin: E2E_BASE_URL } });
}

test("[customer] admin adds a member, who signs in with the one-time password and cannot manage keys or the team; removed, cannot sign in", async ({ page }, testInfo) => {
  const member = { email: `member-${randomUUID().slice(0, 8)}@acme.example`, name: `Max Member ${randomUUID().slice(0, 4)}` };

  await signIn(page, DEMO.customer);
  await expect(page.getByRole("heading", { name: "Imports" })).toBeVisible();
  await page.getByRole("link", { name: "Team" }).click();
  await expect(page.getByRole("heading", { name: "Team", level: 1 })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(DEMO.customer.email) })).toContainText("Another admin can change your role.");

  const form = page.getByRole("form", { name: "Add a team member" });
  await form.getByLabel("E-mail").fill(member.email);
  await form.getByLabel("Name").fill(member.name);
  await form.getByLabel("Role").selectOption({ label: "Member" });
  await form.getByRole("button", { name: "Add member" }).click();

  const panel = page.getByRole("region", { name: `${member.name} can now sign in` });
  await expect(panel.getByText("It will not be shown again")).toBeVisible();
  const password = await panel.getByLabel("Initial password").inputValue();
  expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
  const row = page.getByRole("row", { name: new RegExp(member.email) });
  await expect(row.getByRole("cell").nth(2)).toHaveText("Member");
  await keepScreenshot(page, testInfo, "team-member-added");
  await page.reload();
  await expect(row).toBeVisible();
  expect(await page.content()).not.toContain(password);

  await signOut(page);
  await signIn(page, { email: member.email, password });
  await expect(page.getByRole("heading", { name: "Imports" })).toBeVisible();

  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page.getByText("Only customer admins can create, revoke or rotate keys.")).toBeVisible();
  await expect(page.getByRole("form", { name: "Create an API key" })).toHaveCount(0);
  await page.getByRole("link", { name: "Team" }).click();
  await expect(page.getByRole("row", { name: new RegExp(member.email) })).toBeVisible();
  await expect(page.getByRole("form", { name: "Add a team member" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Remove" })).toHaveCount(0);

  for (const [path, data] of [
    ["/api/portal/api-keys", { name: "sneaky", scopes: ["imports:read"] }],
    ["/api/portal/team", { email: `sneaky-${randomUUID()}@acme.example`, name: "Sneaky", role: "customer_admin" }],
  ] as const) {
    const refused = await sameOriginPost(page, path, data);
    expect(refused.status(), path).toBe(403);
    expect(refused.headers()["content-type"]).toBe("application/problem+json");
    expect(((await refused.json()) as { detail: string }).detail).toBe("Your role does not allow this.");
  }

  await signOut(page);
  await signIn(page, DEMO.customer);
  await page.getByRole("link", { name: "Team" }).click();
  await row.getByRole("button", { name: "Remove" }).click();
  await row.getByRole("button", { name: "Confirm remove" }).click();
  await expect(row).toHaveCount(0);

  await signOut(page);
  await signIn(page, { email: member.email, password });
  await expect(page.getByRole("alert").filter({ hasText: "That e-mail and password do not match an account." })).toBeVisible();
  await expect(page).toHaveURL(/\/signin$/);
});
