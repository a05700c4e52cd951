import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { DEMO } from "@/lib/seed/seed-demo";
import { E2E_BASE_URL } from "../helpers/e2e-env";
import { keepScreenshot } from "../helpers/screenshot";
import { signIn } from "../helpers/sign-in";

const run = promisify(execFile);

/** Runs the documented curl + openssl script; its last line is the HTTP status. */
async function callSignedApi(credentials: { keyId: string; secret: string }): Promise<{ status: string; body: string }> {
  const { stdout } = await run("bash", ["docs/examples/signed-request.sh", "GET", "/api/v1/templates"], {
    env: { ...process.env, INTAKE_URL: E2E_BASE_URL, INTAKE_KEY_ID: credentials.keyId, INTAKE_SECRET: credentials.secret },
    timeout: 60_000,
  });
  const [body = "", status = ""] = stdout.trim().split("\n");
  return { status, body };
}

test("[customer] creates an API key, sees the secret once, revokes it; the key no longer works against the API", async ({ page }, testInfo) => {
  const keyName = `e2e key ${randomUUID().slice(0, 8)}`;

  await signIn(page, DEMO.customer);
  await expect(page.getByRole("heading", { name: "Imports" })).toBeVisible();
  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();

  const form = page.getByRole("form", { name: "Create an API key" });
  await form.getByLabel("Name").fill(keyName);
  await form.getByLabel("imports:write").check();
  await expect(form.getByLabel("imports:read")).toBeChecked();
  await form.getByRole("button", { name: "Create key" }).click();

  const panel = page.getByRole("region", { name: `New API key “${keyName}”` });
  await expect(panel).toBeVisible();
  await expect(panel.getByText("It will not be shown again")).toBeVisible();
  const keyId = await panel.getByLabel("Key id", { exact: true }).inputValue();
  const secret = await panel.getByLabel("Secret", { exact: true }).inputValue();
  expect(keyId).toMatch(/^ik_/);
  expect(secret).toMatch(/^iks_/);
  const row = page.getByRole("row", { name: new RegExp(keyName) });
  await expect(row).toContainText(keyId);
  await expect(row).toContainText("imports:read, imports:write");
  await expect(row).toContainText("active");
  await keepScreenshot(page, testInfo, "api-key-created");

  const accepted = await callSignedApi({ keyId, secret });
  expect(accepted.status, accepted.body).toBe("200");

  await page.reload();
  await expect(row).toContainText(keyId);
  await expect(page.getByRole("region", { name: /New API key/ })).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  await row.getByRole("button", { name: "Revoke" }).click();
  await row.getByRole("button", { name: "Confirm revoke" }).click();
  await expect(row).toContainText("revoked");
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);

  const refused = await callSignedApi({ keyId, secret });
  expect(refused.status, refused.body).toBe("401");
  expect((JSON.parse(refused.body) as { type: string }).type).toBe("https://intake.dev/problems/key-revoked");
});
