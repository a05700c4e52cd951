import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { recordAuditEvent } from "@/lib/db/audit";
import { insertCustomer } from "@/lib/db/customers";
import { insertJob } from "@/lib/db/jobs";
import { DEMO } from "@/lib/seed/seed-demo";
import { withSeedContext } from "../helpers/seed";
import { signIn } from "../helpers/sign-in";
import { watchForInjectedScript, XSS } from "../helpers/xss";

test("[operator] sees script payloads in customer names, file names and audit entries as text, and none runs", async ({ page }) => {
  const id = randomUUID().slice(0, 8);
  const customer = { customerId: `cus_xss_op_${id}`, name: `Evil ${XSS.img} ${id}` };
  const fileName = `${XSS.svg} ${id}.csv`;
  await withSeedContext(async (context) => {
    await insertCustomer(context, customer);
    const jobId = randomUUID();
    await insertJob(context, {
      jobId,
      customerId: customer.customerId,
      templateId: "contacts",
      dataset: "contacts",
      fileName,
      fileSize: 10,
      uploadKey: `uploads/${customer.customerId}/${jobId}`,
      createdBy: "user:e2e",
    });
    // Audit values today are ids and validated settings; the table must stay safe whatever a future action records.
    await recordAuditEvent(context, {
      action: "template.created",
      actor: `user:${XSS.script}`,
      customerId: customer.customerId,
      target: `template:${XSS.img}`,
      detail: { name: XSS.alert },
    });
  });
  const injected = watchForInjectedScript(page);

  await signIn(page, DEMO.operator);
  await expect(page.getByRole("heading", { name: "All jobs" })).toBeVisible();
  await expect(page.getByRole("cell", { name: fileName, exact: true })).toBeVisible();
  await injected.expectNoneRan();

  await page.getByRole("link", { name: "Customers" }).click();
  await expect(page.getByRole("rowheader", { name: customer.name })).toBeVisible();
  await injected.expectNoneRan();

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByLabel("Customer", { exact: true }).locator(`option[value="${customer.customerId}"]`)).toContainText(customer.name);
  await page.getByLabel("Customer", { exact: true }).selectOption(customer.customerId);
  await page.getByRole("button", { name: "Apply filters" }).click();
  const row = page.getByRole("row").filter({ hasText: `template:${XSS.img}` });
  await expect(row).toContainText(`user:${XSS.script}`);
  await expect(row).toContainText(`name=${XSS.alert}`);
  await injected.expectNoneRan();
});
