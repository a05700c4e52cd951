import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { hashPassword } from "@/lib/auth/password";
import { insertCustomer } from "@/lib/db/customers";
import { insertJob } from "@/lib/db/jobs";
import { insertUser } from "@/lib/db/users";
import { DEMO } from "@/lib/seed/seed-demo";
import { withSeedContext } from "../helpers/seed";
import { signIn } from "../helpers/sign-in";

test("[customer] of one customer cannot open another customer's job or report by URL", async ({ page }) => {
  const other = { email: `other-${randomUUID()}@globex.example`, password: "other-customer-password" };
  const foreignJobId = randomUUID();
  await withSeedContext(async (context) => {
    const customerId = `cus_${randomUUID().slice(0, 8)}`;
    await insertCustomer(context, { customerId, name: "Globex" });
    await insertUser(context, { userId: `usr_${randomUUID()}`, email: other.email, name: "Gina Globex", role: "customer_admin", customerId, passwordHash: await hashPassword(other.password) });
    await insertJob(context, {
      jobId: foreignJobId,
      customerId: DEMO.customerId,
      templateId: "contacts",
      dataset: "contacts",
      fileName: "acme-private.csv",
      fileSize: 10,
      uploadKey: `uploads/${DEMO.customerId}/${foreignJobId}`,
      createdBy: "user:e2e",
    });
  });

  await signIn(page, other);
  await expect(page.getByRole("heading", { name: "Imports" })).toBeVisible();

  await page.goto(`/jobs/${foreignJobId}`);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByText("acme-private.csv")).toHaveCount(0);

  for (const path of [`/api/portal/jobs/${foreignJobId}`, `/api/portal/jobs/${foreignJobId}/error-report`]) {
    const response = await page.request.get(path);
    expect(response.status()).toBe(404);
    expect(await response.text()).not.toContain("acme-private");
  }
  const unknown = await page.request.get(`/api/portal/jobs/${randomUUID()}`);
  expect(unknown.status()).toBe(404);
});
