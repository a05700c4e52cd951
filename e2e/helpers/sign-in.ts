import { expect, type Page } from "@playwright/test";

export async function signIn(page: Page, credentials: { email: string; password: string }): Promise<void> {
  await page.goto("/signin");
  await expect(page.getByRole("heading", { name: "Sign in to Intake" })).toBeVisible();
  await page.getByLabel("E-mail").fill(credentials.email);
  await page.getByLabel("Password").fill(credentials.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
