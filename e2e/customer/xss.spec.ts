import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import Papa from "papaparse";
import { hashPassword } from "@/lib/auth/password";
import { insertCustomer } from "@/lib/db/customers";
import { insertUser } from "@/lib/db/users";
import { createTemplate } from "@/lib/imports/create-template";
import { withSeedContext } from "../helpers/seed";
import { signIn } from "../helpers/sign-in";
import { watchForInjectedScript, XSS } from "../helpers/xss";

test("[customer] sees script payloads in key names, template names, file names and record values as text, and none runs", async ({ page }) => {
  const id = randomUUID().slice(0, 8);
  const user = { email: `xss-${id}@example.com`, password: "xss-customer-password" };
  const template = { templateId: `xss-${id}`, name: `Notes ${XSS.script}`, description: XSS.svg, dataset: `xss_${id}` };
  await withSeedContext(async (context) => {
    const customerId = `cus_xss_${id}`;
    await insertCustomer(context, { customerId, name: `Customer ${XSS.img}` });
    await insertUser(context, { userId: `usr_${randomUUID()}`, ...user, name: XSS.script, role: "customer_admin", customerId, passwordHash: await hashPassword(user.password) });
    await createTemplate(context, {
      customerId,
      actor: "user:e2e",
      template: {
        ...template,
        keyField: "ref",
        fields: [
          { name: "ref", label: "Ref", type: "string", required: true },
          { name: "note", label: "Note", type: "string" },
          { name: "label", label: "Label", type: "string" },
        ],
      },
    });
  });
  const injected = watchForInjectedScript(page);

  await signIn(page, user);
  await expect(page.getByRole("heading", { name: "Imports" })).toBeVisible();
  await injected.expectNoneRan();

  await test.step("API key name", async () => {
    const keyName = `Key ${XSS.img}`;
    await page.getByRole("link", { name: "API keys" }).click();
    const form = page.getByRole("form", { name: "Create an API key" });
    await form.getByLabel("Name").fill(keyName);
    await form.getByRole("button", { name: "Create key" }).click();
    await expect(page.getByRole("region", { name: `New API key “${keyName}”` })).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: keyName })).toBeVisible();
    await injected.expectNoneRan();
    await page.reload();
    await expect(page.getByRole("row").filter({ hasText: keyName })).toBeVisible();
    await injected.expectNoneRan();
  });

  const fileName = `${XSS.img}.csv`;
  await test.step("template name and description, uploaded file name", async () => {
    await page.getByRole("link", { name: "Jobs", exact: true }).click();
    await page.getByRole("link", { name: "New import" }).first().click();
    // The page left behind (API keys) has a scope checkbox whose label mentions templates: wait for the new one.
    await expect(page).toHaveURL(/\/upload$/);
    const templates = page.getByLabel("Template");
    await templates.selectOption(template.templateId);
    await expect(templates.locator(`option[value="${template.templateId}"]`)).toHaveText(template.name);
    await expect(page.getByText(template.description)).toBeVisible();
    await injected.expectNoneRan();

    const csv = Papa.unparse([
      ["ref", "note", "label"],
      [XSS.img, XSS.script, XSS.svg],
      [XSS.script, XSS.alert, "plain"],
      ["row-3", XSS.svg, XSS.img],
    ]);
    await page.locator('input[type="file"]').setInputFiles({ name: fileName, mimeType: "text/csv", buffer: Buffer.from(csv) });
    await expect(page.getByText(fileName, { exact: true })).toBeVisible();
    await page.getByRole("button", { name: "Upload and import" }).click();
    await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute("aria-valuenow", "100", { timeout: 60_000 });
    await expect(page.getByTestId("valid-count")).toHaveText("3");
    await expect(page.getByRole("heading", { name: fileName, level: 1 })).toBeVisible();
    await injected.expectNoneRan();

    await page.getByRole("link", { name: "Jobs", exact: true }).click();
    await expect(page.getByRole("link", { name: fileName })).toBeVisible();
    await injected.expectNoneRan();
  });

  await test.step("record keys and values", async () => {
    await page.goto(`/records?dataset=${template.dataset}`);
    await expect(page.getByRole("heading", { name: "Records" })).toBeVisible();
    for (const key of [XSS.img, XSS.script, "row-3"]) await expect(page.getByRole("rowheader", { name: key, exact: true })).toBeVisible();
    for (const value of [XSS.script, XSS.svg, XSS.alert, XSS.img]) await expect(page.getByRole("cell", { name: value, exact: true }).first()).toBeVisible();
    await injected.expectNoneRan();
  });
});
