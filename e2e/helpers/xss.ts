import { expect, type Page } from "@playwright/test";

/** Markup that runs script if a page ever renders it as HTML instead of text. */
export const XSS = {
  img: `<img src=x onerror="window.__xss=1">`,
  script: `<script>window.__xss=1</script>`,
  svg: `"><svg onload="window.__xss=1">`,
  alert: `<img src=y onerror=alert(document.domain)>`,
} as const;

/**
 * Watches a page for payloads that ran: a dialog, `window.__xss`, or an element
 * the payloads would create. Call `expectNoneRan` on each page the test visits.
 */
export function watchForInjectedScript(page: Page): { expectNoneRan(): Promise<void> } {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return {
    async expectNoneRan() {
      await expect(page.locator('img[src="x"], img[src="y"], svg[onload]')).toHaveCount(0);
      expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
      expect(dialogs).toEqual([]);
    },
  };
}
