import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO } from "@/lib/seed/seed-demo";
import { keepScreenshot } from "../helpers/screenshot";
import { signIn } from "../helpers/sign-in";

test("[customer] fixes a column mapping in the preview before starting", async ({ page }, testInfo) => {
  const run = randomUUID().slice(0, 8);
  const people = [
    { email: `ines-${run}@example.se`, first: "Ines", last: "Berg" },
    { email: `olof-${run}@example.se`, first: "Olof", last: "Ek" },
    { email: `saga-${run}@example.se`, first: "Saga", last: "Lind" },
  ];
  // "E-post" (Swedish for e-mail) is no name, label or alias of the email field: it does not map by itself.
  const csv = ["E-post;First name;Last name;Anteckning", ...people.map((person) => `${person.email};${person.first};${person.last};note`)].join("\n");

  const fieldRow = (label: string) => page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${label} `) }) });

  await signIn(page, DEMO.customer);
  await page.getByRole("link", { name: "New import" }).first().click();
  await page.getByLabel("Template").selectOption("contacts");
  await page.locator('input[type="file"]').setInputFiles({ name: "kontakter.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });

  const emailColumn = page.getByLabel("Column for E-mail", { exact: true });
  await expect(page.getByText("No column matches E-mail: pick one below")).toBeVisible();
  await expect(emailColumn).toHaveAttribute("aria-invalid", "true");
  await expect(emailColumn).toHaveValue("");
  await expect(page.getByLabel("Column for First name", { exact: true }).locator("option:checked")).toHaveText("First name");
  await expect(fieldRow("First name")).toContainText("Ines · Olof · Saga");
  const start = page.getByRole("button", { name: "Upload and import" });
  await expect(start).toBeDisabled();
  await keepScreenshot(page, testInfo, "mapping-preview");

  await emailColumn.selectOption({ label: "E-post" });
  await expect(emailColumn).toHaveAttribute("aria-invalid", "false");
  await expect(fieldRow("E-mail")).toContainText(people[0]!.email);
  await expect(page.getByText("No column matches")).toHaveCount(0);
  await start.click();

  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute("aria-valuenow", "100", { timeout: 60_000 });
  await expect(page.getByRole("region", { name: "kontakter.csv" }).getByText("Succeeded")).toBeVisible();
  await expect(page.getByTestId("valid-count")).toHaveText("3");
  await expect(page.getByTestId("rejected-count")).toHaveText("0");

  await page.getByRole("link", { name: "Records" }).click();
  await page.getByLabel("Dataset").selectOption("contacts");
  await page.getByLabel("Record key").fill(people[1]!.email);
  await page.getByRole("button", { name: "Show" }).click();
  const row = page.getByRole("row", { name: new RegExp(people[1]!.email) });
  await expect(row.getByRole("cell", { name: "Olof", exact: true })).toBeVisible();
  await expect(row.getByRole("cell", { name: "Ek", exact: true })).toBeVisible();
});
