import { expect, test } from "@playwright/test";
import { insertCustomer } from "@/lib/db/customers";
import { DEMO } from "@/lib/seed/seed-demo";
import { seedRecords } from "@/lib/testing/seed-records";
import { keepScreenshot } from "../helpers/screenshot";
import { withSeedContext } from "../helpers/seed";
import { signIn } from "../helpers/sign-in";

const RECORDS = 200;
/** A customer of its own, so the pass covers exactly the records seeded here, not whatever earlier specs imported. */
const CUSTOMER = { customerId: "cus_rotation_e2e", name: "Rotation Works (e2e)" };

test("[operator] rotates a customer key and watches re-encryption finish, finds the rotation in the audit log", async ({ page }, testInfo) => {
  await withSeedContext(async (context) => {
    await insertCustomer(context, CUSTOMER);
    await seedRecords(context, { customerId: CUSTOMER.customerId, count: RECORDS });
  });

  await signIn(page, DEMO.operator);
  await expect(page.getByRole("heading", { name: "All jobs" })).toBeVisible();
  await page.getByRole("link", { name: "Customers" }).click();
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();

  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(CUSTOMER.name.replace(/[()]/g, "\\$&")) }) });
  await row.getByRole("button", { name: `Rotate data key of ${CUSTOMER.name}` }).click();

  const status = row.getByRole("status");
  await expect(status).toHaveText(/Version \d+ is active/);
  const version = Number(/Version (\d+)/.exec((await status.textContent()) ?? "")?.[1]);
  const bar = row.getByRole("progressbar", { name: `Re-encryption of ${CUSTOMER.name}` });
  await expect(bar).toHaveAttribute("aria-valuenow", "100");
  await expect(row.getByText("Succeeded")).toBeVisible();
  // Every record of the customer moved.
  await expect(row.getByText(`${RECORDS} of ${RECORDS} records`)).toBeVisible();
  await expect(row.getByText(`Version ${version} active`)).toBeVisible();
  await keepScreenshot(page, testInfo, "rotated-key");

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await page.getByLabel("Customer", { exact: true }).selectOption(CUSTOMER.customerId);
  await page.getByLabel("Action", { exact: true }).selectOption("key.rotated");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/action=key\.rotated/);
  const rotation = page.getByRole("row").filter({ hasText: `data_key:${CUSTOMER.customerId}:${version}` });
  await expect(rotation).toBeVisible();
  await expect(rotation).toContainText("key.rotated");
  await expect(rotation).toContainText(`toVersion=${version}`);
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", /\/api\/operator\/audit\.csv\?.*action=key\.rotated/);
  await keepScreenshot(page, testInfo, "audit-log");
});
