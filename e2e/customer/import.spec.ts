import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import Papa from "papaparse";
import { DEMO } from "@/lib/seed/seed-demo";
import { generateContactsCsv } from "@/lib/testing/generate-contacts-csv";
import { keepScreenshot } from "../helpers/screenshot";
import { signIn } from "../helpers/sign-in";

test("[customer] uploads a CSV, sees the progress bar reach 100%, downloads the error report, signs out", async ({ page }, testInfo) => {
  const generated = generateContactsCsv({ rows: 5_000, invalidEvery: 100 });

  await signIn(page, DEMO.customer);
  await expect(page.getByRole("heading", { name: "Imports" })).toBeVisible();

  await page.getByRole("link", { name: "New import" }).first().click();
  await page.getByLabel("Template").selectOption("contacts");
  await page.locator('input[type="file"]').setInputFiles({
    name: "contacts.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(generated.csv),
  });
  await page.getByRole("button", { name: "Upload and import" }).click();

  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
  const bar = page.getByRole("progressbar", { name: "Import progress" });
  await expect(bar).toHaveAttribute("aria-valuenow", "100", { timeout: 60_000 });
  await expect(page.getByText("Completed with errors").first()).toBeVisible();
  await expect(page.getByTestId("valid-count")).toHaveText("4,950");
  await expect(page.getByTestId("rejected-count")).toHaveText("50");
  await keepScreenshot(page, testInfo, "finished-job");

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download error report (CSV)" }).click();
  const download = await downloadPromise;
  const report = Papa.parse<string[]>((await readFile(await download.path(), "utf8")).trim()).data;
  expect(report[0]?.slice(0, 2)).toEqual(["row", "reason"]);
  expect(report.slice(1).map((row) => Number(row[0]))).toEqual(generated.invalidRows.map((invalid) => invalid.row));

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Intake" })).toBeVisible();
  await page.goto("/jobs");
  await expect(page).toHaveURL(/\/signin$/);
});
