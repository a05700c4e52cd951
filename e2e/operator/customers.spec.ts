import { randomUUID } from "node:crypto";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO } from "@/lib/seed/seed-demo";
import { signIn } from "../helpers/sign-in";

/** The customer's row on the customers list, paging on until it shows (other specs create customers too). */
async function findCustomerRow(page: Page, name: string): Promise<Locator> {
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name }) });
  for (;;) {
    await expect(page.getByRole("heading", { name: "Customers", exact: true })).toBeVisible();
    if ((await row.count()) > 0) return row;
    const next = page.getByRole("link", { name: "Next page" });
    expect(await next.count(), `no page lists ${name}`).toBe(1);
    await next.click();
  }
}

test("[operator] creates a customer, sees its admin's password once, sets a rate limit the list then shows", async ({ page, browser }, testInfo) => {
  const id = randomUUID().slice(0, 8);
  const customerName = `Initech ${id}`;
  const admin = { email: `admin-${id}@initech.example`, name: `Ines ${id}` };

  await signIn(page, DEMO.operator);
  await expect(page.getByRole("heading", { name: "All jobs" })).toBeVisible();
  await page.getByRole("link", { name: "Customers" }).click();

  const form = page.getByRole("form", { name: "Create a customer" });
  await form.getByLabel("Customer name").fill(customerName);
  await form.getByLabel("Admin e-mail").fill(admin.email);
  await form.getByLabel("Admin name").fill(admin.name);
  await form.getByRole("button", { name: "Create customer" }).click();

  const panel = page.getByRole("region", { name: `${admin.name} can now sign in` });
  await expect(panel).toBeVisible();
  await expect(panel.getByLabel("E-mail")).toHaveValue(admin.email);
  const password = await panel.getByLabel("Initial password").inputValue();
  expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
  await page.screenshot({ path: testInfo.outputPath("created-customer.png"), fullPage: true });

  await page.getByRole("link", { name: `Open ${customerName}` }).click();
  await expect(page.getByRole("heading", { name: customerName, level: 1 })).toBeVisible();
  const users = page.getByRole("table", { name: "Users of this customer" });
  await expect(users.getByRole("row").filter({ hasText: admin.email })).toContainText("Admin");
  await expect(page.getByText(password)).toHaveCount(0);

  await page.getByLabel("Rate limit (requests per minute per API key)").fill("42");
  await page.getByRole("button", { name: "Save limits" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toContainText("Rate limit 42 per minute");

  await page.getByRole("link", { name: "All customers" }).click();
  const row = await findCustomerRow(page, customerName);
  await expect(row.getByRole("cell").first()).toHaveText("42");
  await page.screenshot({ path: testInfo.outputPath("customers-list.png"), fullPage: true });

  // The password shown once signs the new admin in.
  const adminContext = await browser.newContext();
  try {
    const adminPage = await adminContext.newPage();
    await signIn(adminPage, { email: admin.email, password });
    await expect(adminPage.getByRole("heading", { name: "Imports" })).toBeVisible();
  } finally {
    await adminContext.close();
  }
});
