import { expect, test } from "@playwright/test";
import { DEMO } from "@/lib/seed/seed-demo";
import { seedRecords } from "@/lib/testing/seed-records";
import { keepScreenshot } from "../helpers/screenshot";
import { withSeedContext } from "../helpers/seed";
import { signIn } from "../helpers/sign-in";

const RECORDS = 200;

test("[operator] rotates a customer key and watches re-encryption finish, finds the rotation in the audit log", async ({ page }, testInfo) => {
  await withSeedContext((context) => seedRecords(context, { customerId: DEMO.customerId, count: RECORDS }));

  await signIn(page, DEMO.operator);
  await expect(page.getByRole("heading", { name: "All jobs" })).toBeVisible();
  await page.getByRole("link", { name: "Customers" }).click();
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();

  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(DEMO.customerName.replace(/[()]/g, "\\$&")) }) });
  await row.getByRole("button", { name: `Rotate data key of ${DEMO.customerName}` }).click();

  const status = row.getByRole("status");
  await expect(status).toHaveText(/Version \d+ is active/);
  const version = Number(/Version (\d+)/.exec((await status.textContent()) ?? "")?.[1]);
  const bar = row.getByRole("progressbar", { name: `Re-encryption of ${DEMO.customerName}` });
  await expect(bar).toHaveAttribute("aria-valuenow", "100", { timeout: 60_000 });
  await expect(row.getByText("Succeeded")).toBeVisible();
  // Every record of the customer moved: the seeded ones, plus any earlier specs imported.
  const moved = row.getByText(/([\d,]+) of \1 records/);
  await expect(moved).toBeVisible();
  const count = /([\d,]+) of/.exec((await moved.textContent()) ?? "")?.[1] ?? "0";
  expect(Number(count.replaceAll(",", ""))).toBeGreaterThanOrEqual(RECORDS);
  await expect(row.getByText(`Version ${version} active`)).toBeVisible();
  await keepScreenshot(page, testInfo, "rotated-key");

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await page.getByLabel("Customer", { exact: true }).selectOption(DEMO.customerId);
  await page.getByLabel("Action", { exact: true }).selectOption("key.rotated");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/action=key\.rotated/);
  const rotation = page.getByRole("row").filter({ hasText: `data_key:${DEMO.customerId}:${version}` });
  await expect(rotation).toBeVisible();
  await expect(rotation).toContainText("key.rotated");
  await expect(rotation).toContainText(`toVersion=${version}`);
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", /\/api\/operator\/audit\.csv\?.*action=key\.rotated/);
  await keepScreenshot(page, testInfo, "audit-log");
});
