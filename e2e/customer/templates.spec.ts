import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO } from "@/lib/seed/seed-demo";
import { keepScreenshot } from "../helpers/screenshot";
import { signIn } from "../helpers/sign-in";

test("[customer] creates a template: an invalid pattern is named next to its field; fixed, it saves and is offered for imports", async ({ page }, testInfo) => {
  const templateId = `e2e-${randomUUID().slice(0, 8)}`;
  const templateName = `Products ${templateId}`;

  await signIn(page, DEMO.customer);
  await expect(page.getByRole("heading", { name: "Imports" })).toBeVisible();
  await page.getByRole("link", { name: "Templates" }).click();
  await expect(page.getByRole("heading", { name: "Templates", level: 1 })).toBeVisible();
  await expect(page.getByRole("row").filter({ has: page.getByRole("link", { name: "Contacts", exact: true }) })).toContainText("built-in");
  await page.getByRole("link", { name: "New template" }).click();

  const form = page.getByRole("form", { name: "New template" });
  const settings = form.getByRole("group", { name: "Template" });
  await settings.getByLabel("Template id").fill(templateId);
  await settings.getByLabel("Name", { exact: true }).fill(templateName);
  await settings.getByLabel("Dataset").fill(`products_${templateId.slice(4)}`);
  const field = form.getByRole("group", { name: "Field 1" });
  await field.getByLabel("Field name").fill("sku");
  await field.getByLabel("Column label").fill("SKU");
  const pattern = field.getByLabel("Pattern");
  await pattern.fill("([A-Z0-9");
  await expect(field.getByLabel("Required")).toBeChecked();
  await settings.getByLabel("Record key").selectOption("sku");
  await form.getByRole("button", { name: "Add field" }).click();
  const price = form.getByRole("group", { name: "Field 2" });
  await price.getByLabel("Field name").fill("price");
  await price.getByLabel("Column label").fill("Price");
  await price.getByLabel("Type").selectOption({ label: "Decimal number" });
  await expect(price.getByLabel("Pattern")).toHaveCount(0);
  await price.getByLabel("Min", { exact: true }).fill("0");
  await form.getByRole("button", { name: "Create template" }).click();

  const summary = page.getByRole("alert").filter({ hasText: "The template was not saved" });
  await expect(summary).toContainText("Field 1 (sku), Pattern: is not a valid regular expression");
  await expect(summary).toBeFocused();
  await expect(pattern).toHaveAttribute("aria-invalid", "true");
  await expect(pattern).toHaveAccessibleDescription(/is not a valid regular expression/);
  await expect(field.getByLabel("Column label")).not.toHaveAttribute("aria-invalid", "true");
  await keepScreenshot(page, testInfo, "template-invalid-pattern");

  await pattern.fill("^[A-Z0-9-]+$");
  await form.getByRole("button", { name: "Create template" }).click();
  await expect(page).toHaveURL(new RegExp(`/templates/${templateId}\\?saved=1$`));
  await expect(page.getByRole("status").filter({ hasText: "Saved as version 1" })).toBeVisible();

  const edit = page.getByRole("form", { name: "Edit template" });
  await edit.getByRole("group", { name: "Template" }).getByLabel("Name", { exact: true }).fill(`${templateName} v2`);
  await edit.getByRole("button", { name: "Save as version 2" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved as version 2" })).toBeVisible();
  await expect(page.getByRole("heading", { name: `${templateName} v2`, level: 1 })).toBeVisible();

  await page.getByRole("link", { name: "Templates" }).click();
  const row = page.getByRole("row", { name: new RegExp(templateId) });
  await expect(row).toContainText(`${templateName} v2`);
  await expect(row.getByRole("cell").nth(3)).toHaveText("2");
  await expect(row.getByRole("cell").nth(4)).toHaveText("2");

  await page.getByRole("link", { name: "New import" }).click();
  const picker = page.getByRole("combobox", { name: "Template" });
  await picker.selectOption({ label: `${templateName} v2` });
  await expect(picker).toHaveValue(templateId);
});
