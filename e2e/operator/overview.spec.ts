import { expect, test, type Page } from "@playwright/test";
import { transitionJob } from "@/lib/db/jobs";
import { DEMO } from "@/lib/seed/seed-demo";
import { seedRunningJob } from "@/lib/testing/seed-running-job";
import { keepScreenshot } from "../helpers/screenshot";
import { withSeedContext } from "../helpers/seed";
import { signIn } from "../helpers/sign-in";

const CUSTOMER_ID = "cus_overview_e2e";

function jobsInState(page: Page, state: string) {
  return page.getByRole("table", { name: /Jobs by state/ }).getByRole("row", { name: new RegExp(`^${state}\\b`) }).getByRole("cell").first();
}

/** CSP refusals the page reports ("<directive> <blocked URI>"), gathered from the moment each document starts. */
async function watchCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction("reportCspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      void (window as unknown as { reportCspViolation(text: string): Promise<void> }).reportCspViolation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return violations;
}

test("[operator] sees a running job counted in the overview, live", async ({ page }, testInfo) => {
  const violations = await watchCspViolations(page);
  await signIn(page, DEMO.operator);
  await expect(page.getByRole("heading", { name: "All jobs" })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Overview" }).click();
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();

  const running = jobsInState(page, "Running");
  await expect(running).toHaveText(/^\d+$/);
  const before = Number(await running.textContent());
  const jobId = await withSeedContext((context) =>
    seedRunningJob(context, { customerId: CUSTOMER_ID, counts: { rows: 600, valid: 570, rejected: 30 }, startedAgoMs: 30_000 }),
  );
  try {
    // No reload: the overview refreshes itself.
    await expect(running).toHaveText(String(before + 1));
    await expect(page.getByText(/\d[\d,]* imported, \d[\d,]* rejected in the last hour/)).toBeVisible();
    await expect(page.getByRole("heading", { name: "API and live connections (this web process)" })).toBeVisible();
    await expect(page.getByRole("figure", { name: /Open WebSocket connections/ })).toBeVisible();
    await keepScreenshot(page, testInfo, "overview");
  } finally {
    await withSeedContext((context) => transitionJob(context, { jobId, to: "cancelled", changes: { finishedAt: new Date().toISOString() } }));
  }
  await expect(running).toHaveText(String(before));
  expect(violations).toEqual([]);
});

test("[operator] pages carry a nonce-based CSP and run under it", async ({ page }) => {
  const violations = await watchCspViolations(page);
  const response = await page.goto("/signin");
  const policy = response?.headers()["content-security-policy"] ?? "";
  for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"]) {
    expect(policy).toContain(directive);
  }
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
  expect(nonce).toBeTruthy();
  // Every script Next.js put in the page carries this response's nonce.
  const scriptNonces = await page.locator("script").evaluateAll((scripts) => scripts.map((script) => (script as HTMLScriptElement).nonce));
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
  const again = await page.reload();
  expect(again?.headers()["content-security-policy"]).not.toContain(`'nonce-${nonce}'`);

  // Hydrated under the policy: the sign-in form works, and the operator pages render.
  await signIn(page, DEMO.operator);
  await expect(page.getByRole("heading", { name: "All jobs" })).toBeVisible();
  for (const [link, heading] of [["Customers", "Customers"], ["Audit log", "Audit log"], ["Dead letters", "Dead letters"]]) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: link, exact: true }).click();
    await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
  }
  expect(violations).toEqual([]);

  // Markup injected into the page (the classic `<img onerror>`) cannot run script: the handler is refused when the image fails.
  await page.evaluate(() => {
    const holder = document.createElement("div");
    holder.innerHTML = `<img alt="" src="/no-such-image.png" onerror="document.body.dataset.injected = 'ran'">`;
    document.body.append(holder);
  });
  await expect.poll(() => violations).toEqual([expect.stringMatching(/^script-src/)]);
  expect(await page.evaluate(() => document.body.dataset.injected)).toBeUndefined();
});
