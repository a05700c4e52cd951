import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import Papa from "papaparse";
import { DEMO } from "@/lib/seed/seed-demo";
import { generateContactsCsv } from "@/lib/testing/generate-contacts-csv";
import { keepScreenshot } from "../helpers/screenshot";
import { signIn } from "../helpers/sign-in";

const ROWS = 50_000;
const XSS = "<img src=x onerror=\"document.title='pwned'\">";

/** The generated file with one more bad row: a valid row whose e-mail is markup, which the page must show as text. */
function fileWithErrors() {
  const generated = generateContactsCsv({ rows: ROWS, invalidEvery: 100 });
  const lines = generated.csv.split("\r\n");
  const hostileRow = 8; // row 8 of the file (the header is row 1) is a valid one: invalid rows are every 100th
  lines[hostileRow - 1] = lines[hostileRow - 1]!.replace(/^[^,]+/, `"${XSS.replaceAll('"', '""')}"`);
  const badRows = [{ row: hostileRow, field: "email" }, ...generated.invalidRows];
  return { csv: lines.join("\r\n"), badRows, validCount: ROWS - badRows.length };
}

test("[customer] uploads a 50k-row file with errors, sees the progress bar move live to 100%, and checks the error report", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const file = fileWithErrors();
  let dialogs = 0;
  page.on("dialog", async (dialog) => {
    dialogs++;
    await dialog.dismiss();
  });
  // Every value the import bar takes after the page loads, in order, recorded in the page itself.
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { progressValuesSeen: seen });
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        const bar = mutation.target as Element;
        if (bar.getAttribute("aria-label") === "Import progress") seen.push(bar.getAttribute("aria-valuenow") ?? "");
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["aria-valuenow"] });
  });

  await signIn(page, DEMO.customer);
  await expect(page.getByRole("heading", { name: "Imports" })).toBeVisible();
  await page.getByRole("link", { name: "New import" }).first().click();
  await page.getByLabel("Template").selectOption("contacts");
  await page.locator('input[type="file"]').setInputFiles({ name: "contacts-50k.csv", mimeType: "text/csv", buffer: Buffer.from(file.csv) });
  await keepScreenshot(page, testInfo, "upload");
  await page.getByRole("button", { name: "Upload and import" }).click();

  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  const bar = page.getByRole("progressbar", { name: "Import progress" });
  await expect(page.getByText("live", { exact: true })).toBeVisible();
  await expect(bar).toHaveAttribute("aria-valuenow", "100", { timeout: 180_000 });
  const seen = await page.evaluate(() => (window as unknown as { progressValuesSeen: string[] }).progressValuesSeen.map(Number));
  expect(seen.some((value) => value > 0 && value < 100), `values seen: ${seen.join(", ")}`).toBe(true);
  expect(seen.at(-1)).toBe(100);

  await expect(page.getByText("Completed with errors").first()).toBeVisible();
  await expect(page.getByTestId("valid-count")).toHaveText(file.validCount.toLocaleString("en-US"));
  await expect(page.getByTestId("rejected-count")).toHaveText(file.badRows.length.toLocaleString("en-US"));
  const timeline = page.getByRole("list", { name: "States of this import" });
  for (const state of ["Created", "Queued", "Planning", "Running", "Finalizing", "Completed with errors"]) {
    await expect(timeline.getByText(state, { exact: true })).toBeVisible();
  }
  await expect(page.getByRole("img", { name: /Records per second over time/ })).toBeVisible();

  // The first rejected rows, with their reasons; the markup e-mail is text, not an element.
  const rejected = page.getByRole("region", { name: "Rejected rows" });
  await expect(rejected.getByRole("row")).toHaveCount(21);
  const hostile = rejected.getByRole("row", { name: /^8 / });
  await expect(hostile.getByRole("cell", { name: XSS })).toBeVisible();
  await expect(hostile).toContainText("email");
  await expect(rejected.locator("img")).toHaveCount(0);
  expect(await page.title()).not.toBe("pwned");
  expect(dialogs).toBe(0);
  await keepScreenshot(page, testInfo, "job");

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download error report (CSV)" }).click();
  const report = Papa.parse<string[]>((await readFile(await (await downloadPromise).path(), "utf8")).trim()).data;
  expect(report[0]?.slice(0, 2)).toEqual(["row", "reason"]);
  const reported = report.slice(1);
  expect(reported.map((row) => Number(row[0]))).toEqual(file.badRows.map((bad) => bad.row));
  reported.forEach((row, index) => expect(row[1], `reason of row ${row[0]}`).toContain(file.badRows[index]!.field));

  for (const [link, heading, name] of [
    ["Jobs", "Imports", "jobs"],
    ["Records", "Records", "records"],
    ["API keys", "API keys", "api-keys"],
  ] as const) {
    await page.getByRole("link", { name: link, exact: true }).first().click();
    await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
    await keepScreenshot(page, testInfo, name);
  }
});
