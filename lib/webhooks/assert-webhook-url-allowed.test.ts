import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import { assertWebhookUrlAllowed } from "@/lib/webhooks/assert-webhook-url-allowed";
import { isBlockedAddress } from "@/lib/webhooks/blocked-addresses";
import { guardedLookup } from "@/lib/webhooks/post-webhook";

// Only literal addresses and "localhost" (from /etc/hosts): no test here needs the network.
const publicOnly = { allowPrivate: false };

describe("assertWebhookUrlAllowed", () => {
  it.each([
    ["http://127.0.0.1/hook", /must use https/],
    ["https://127.0.0.1/hook", /private/],
    ["https://10.0.0.1/hook", /private/],
    ["https://172.16.5.4/hook", /private/],
    ["https://192.168.1.1/hook", /private/],
    ["https://[::1]/hook", /private/],
    ["https://169.254.169.254/latest/meta-data", /private/],
    ["https://100.64.0.1/hook", /private/],
    ["https://0.0.0.0/hook", /private/],
    ["https://[::]/hook", /private/],
    ["https://[fd12:3456::1]/hook", /private/],
    ["https://[fe80::1]/hook", /private/],
    ["https://224.0.0.1/hook", /private/],
    ["https://[::ffff:127.0.0.1]/hook", /private/],
    ["https://[::ffff:a9fe:a9fe]/hook", /private/],
    ["https://2130706433/hook", /private/],
    ["https://localhost/hook", /private/],
    ["https://user:pass@example.com/hook", /user name or password/],
  ])("refuses %s when private targets are not allowed", async (url, reason) => {
    await expect(assertWebhookUrlAllowed(url, publicOnly)).rejects.toMatchObject({ code: "validation_failed", message: expect.stringMatching(reason) });
  });

  it.each(["ftp://example.com/hook", "file:///etc/passwd", "javascript:alert(1)"])("refuses %s even when private targets are allowed", async (url) => {
    await expect(assertWebhookUrlAllowed(url, { allowPrivate: true })).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("refuses something that is not a URL", async () => {
    await expect(assertWebhookUrlAllowed("not a url", publicOnly)).rejects.toMatchObject({ message: expect.stringMatching(/not a valid/) });
  });

  it("accepts https to public addresses", async () => {
    await expect(assertWebhookUrlAllowed("https://8.8.8.8/hook", publicOnly)).resolves.toBeInstanceOf(URL);
    await expect(assertWebhookUrlAllowed("https://[2606:4700:4700::1111]:8443/hook", publicOnly)).resolves.toBeInstanceOf(URL);
  });

  it("accepts http and loopback when private targets are allowed", async () => {
    const url = await assertWebhookUrlAllowed("http://localhost:8080/hook", { allowPrivate: true });
    expect(url.port).toBe("8080");
  });

  it("keeps resolved addresses out of its message", async () => {
    await expect(assertWebhookUrlAllowed("https://localhost/hook", publicOnly)).rejects.toMatchObject({
      message: expect.not.stringContaining("127.0.0.1"),
    });
  });
});

describe("isBlockedAddress", () => {
  it("blocks the edges of each range and lets the neighbours through", () => {
    expect(isBlockedAddress("172.31.255.255")).toBe(true);
    expect(isBlockedAddress("172.32.0.0")).toBe(false);
    expect(isBlockedAddress("100.127.255.255")).toBe(true);
    expect(isBlockedAddress("100.128.0.0")).toBe(false);
    expect(isBlockedAddress("fbff:ffff::1")).toBe(false);
    expect(isBlockedAddress("fc00::1")).toBe(true);
    expect(isBlockedAddress("::ffff:8.8.8.8")).toBe(false);
    expect(isBlockedAddress("::ffff:192.168.0.1")).toBe(true);
    expect(isBlockedAddress("not-an-ip")).toBe(true);
  });
});

describe("guardedLookup", () => {
  function lookUp(hostname: string, all: boolean): Promise<{ error: NodeJS.ErrnoException | null; addresses: string | LookupAddress[] }> {
    return new Promise((resolve) => guardedLookup(hostname, { all }, (error, addresses) => resolve({ error, addresses })));
  }

  it("refuses at connect time a name that resolves to loopback", async () => {
    for (const all of [true, false]) {
      const { error } = await lookUp("localhost", all);
      expect(error?.code).toBe("EADDRNOTALLOWED");
    }
  });
});
