import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { parseConfig } from "@/lib/config";
import { DEMO } from "@/lib/seed/seed-demo";
import { E2E_ENV } from "../helpers/e2e-env";
import { signIn } from "../helpers/sign-in";

/** Rows of just under 1 MiB (the row limit), padded in a column no field maps, so few rows make a large file. */
const PADDING = "x".repeat(1_000_000);

/**
 * A contacts CSV just above the server's multipart threshold: 20 short rows the
 * preview reads, then padded rows up to the size.
 */
function largeCsv(run: string, minBytes: number): { csv: string; rows: number } {
  const lines = ["email,first_name,last_name,notes"];
  for (let row = 1; row <= 20; row++) lines.push(`short-${row}-${run}@example.com,Short,Row${row},-`);
  let size = lines.join("\n").length;
  while (size <= minBytes) {
    const line = `padded-${lines.length}-${run}@example.com,Padded,Row,${PADDING}`;
    lines.push(line);
    size += line.length + 1;
  }
  return { csv: `${lines.join("\n")}\n`, rows: lines.length - 1 };
}

test("[customer] uploads two files at once, pauses and resumes the large one's multipart parts, and gets one import each", async ({ page }, testInfo) => {
  const run = randomUUID().slice(0, 8);
  const threshold = parseConfig(E2E_ENV).MULTIPART_THRESHOLD_BYTES;
  const large = largeCsv(run, threshold);
  const largePath = testInfo.outputPath("large.csv");
  await writeFile(largePath, large.csv);
  const smallPath = testInfo.outputPath("small.csv");
  await writeFile(smallPath, `email,first_name,last_name\nsmall-${run}@example.com,Small,File\n`);

  await signIn(page, DEMO.customer);
  await page.getByRole("link", { name: "New import" }).first().click();
  await page.getByLabel("Template").selectOption("contacts");
  await page.locator('input[type="file"]').setInputFiles([largePath, smallPath]);
  await expect(page.getByRole("table", { name: "Column mapping for large.csv, from its first 20 rows" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Column mapping for small.csv, from its first row" })).toBeVisible();

  const parts: number[] = [];
  page.on("request", (request) => {
    const partNumber = new URL(request.url()).searchParams.get("partNumber");
    if (request.method() === "PUT" && partNumber) parts.push(Number(partNumber));
  });
  // The large file's parts wait until it has been paused, so the pause always lands mid-upload.
  let releaseParts!: () => void;
  const partsReleased = new Promise<void>((resolve) => (releaseParts = resolve));
  await page.route(
    (url) => url.searchParams.has("partNumber"),
    async (route) => {
      await partsReleased;
      await route.continue().catch(() => undefined); // a request the pause aborted
    },
  );
  await page.getByRole("button", { name: "Upload and import 2 files" }).click();
  await page.getByRole("button", { name: "Pause large.csv" }).click();
  await expect(page.getByText("Paused")).toBeVisible();
  releaseParts();
  const partsListed = page.waitForRequest((request) => request.method() === "GET" && /\/api\/portal\/uploads\/[^/]+\/parts$/.test(request.url()));
  await page.getByRole("button", { name: "Resume large.csv" }).click();
  await partsListed;

  await expect(page.getByRole("link", { name: "Follow the import of large.csv" })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("link", { name: "Follow the import of small.csv" })).toBeVisible();
  expect(new Set(parts).size).toBeGreaterThan(1);

  const jobPaths = {
    large: await page.getByRole("link", { name: "Follow the import of large.csv" }).getAttribute("href"),
    small: await page.getByRole("link", { name: "Follow the import of small.csv" }).getAttribute("href"),
  };
  expect(jobPaths.large).not.toBe(jobPaths.small);
  for (const [path, rows] of [[jobPaths.large, large.rows], [jobPaths.small, 1]] as const) {
    await page.goto(path!);
    await expect(page.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute("aria-valuenow", "100", { timeout: 60_000 });
    await expect(page.getByTestId("valid-count")).toHaveText(rows.toLocaleString("en-US"));
    await expect(page.getByTestId("rejected-count")).toHaveText("0");
  }
});
