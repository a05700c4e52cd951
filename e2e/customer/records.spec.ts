import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createRecordWriter } from "@/lib/db/records";
import { DEMO } from "@/lib/seed/seed-demo";
import { withSeedContext } from "../helpers/seed";
import { signIn } from "../helpers/sign-in";

const XSS = "<img src=x onerror=\"document.title='pwned'\">";

test("[customer] browses and finds imported records, and a script in a value stays text", async ({ page }) => {
  const email = `xss-${randomUUID().slice(0, 8)}@example.com`;
  await withSeedContext(async (context) => {
    const writer = createRecordWriter(context, { customerId: DEMO.customerId, dataset: "contacts", jobId: "e2e" });
    await writer.write(email, { email, first_name: XSS, last_name: "Tables", company: "=HYPERLINK(\"http://x\")" });
    await writer.flush();
  });
  let dialogs = 0;
  page.on("dialog", async (dialog) => {
    dialogs++;
    await dialog.dismiss();
  });

  await signIn(page, DEMO.customer);
  await page.getByRole("link", { name: "Records" }).click();
  await expect(page.getByRole("heading", { name: "Records" })).toBeVisible();
  await page.getByLabel("Dataset").selectOption("contacts");
  await page.getByLabel("Record key").fill(email);
  await page.getByRole("button", { name: "Show" }).click();

  const row = page.getByRole("row", { name: new RegExp(email) });
  await expect(row).toBeVisible();
  await expect(row.getByRole("cell", { name: XSS })).toBeVisible();
  await expect(row.locator("img")).toHaveCount(0);
  expect(await page.title()).not.toBe("pwned");
  expect(dialogs).toBe(0);

  await page.getByLabel("Record key").fill("nobody@example.com");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByText("No record with that key.")).toBeVisible();
});
