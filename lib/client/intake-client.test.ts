import { describe, expect, it } from "vitest";
import { HEADER_NONCE, SIGNING_ALGORITHM, sha256Hex } from "@/lib/auth/signing";
import { IntakeApiError } from "@/lib/client/intake-api-error";
import { createIntakeClient } from "@/lib/client/intake-client";
import { retryDelayMs } from "@/lib/client/retry-delay";

const problemOf = (status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ type: "https://intake.dev/problems/x", title: "Nope", status, detail: `status ${status}` }), {
    status,
    headers: { "content-type": "application/problem+json", "x-request-id": `req-${status}`, ...headers },
  });

/** A fetch that answers from a script, one response per call, and keeps the requests it saw. */
function scriptedFetch(answers: (() => Response)[]) {
  const seen: Request[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push(new Request(input, init));
    const answer = answers.shift();
    if (!answer) throw new Error("no more scripted answers");
    return answer();
  };
  return { fetch: fetchImpl as typeof fetch, seen };
}

const options = { baseUrl: "http://intake.test/", keyId: "ik_test", secret: "s3cret", retry: { baseDelayMs: 1, maxDelayMs: 20 } };

describe("createIntakeClient", () => {
  it("signs each request with a body hash, content type and key id", async () => {
    const script = scriptedFetch([() => Response.json({ upload: { uploadId: "upl_1" } }, { status: 201 })]);
    const client = createIntakeClient({ ...options, fetch: script.fetch });

    await client.createUpload({ fileName: "a.csv", size: 10 });

    const [request] = script.seen;
    expect(request?.url).toBe("http://intake.test/api/v1/uploads");
    expect(request?.headers.get("authorization")).toMatch(new RegExp(`^${SIGNING_ALGORITHM} Credential=ik_test, SignedHeaders=content-type;x-intake-content-sha256;x-intake-date;x-intake-nonce, Signature=[0-9a-f]{64}$`));
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(request?.headers.get("x-intake-content-sha256")).toBe(sha256Hex(JSON.stringify({ fileName: "a.csv", size: 10 })));
  });

  it("retries a 429 after Retry-After with a fresh nonce, then returns the answer", async () => {
    const script = scriptedFetch([() => problemOf(429, { "retry-after": "0" }), () => Response.json({ job: { jobId: "j1" } })]);
    const client = createIntakeClient({ ...options, fetch: script.fetch });

    await expect(client.getJob({ jobId: "j1" })).resolves.toEqual({ jobId: "j1" });

    expect(script.seen).toHaveLength(2);
    expect(script.seen[0]?.headers.get(HEADER_NONCE)).not.toBe(script.seen[1]?.headers.get(HEADER_NONCE));
  });

  it("retries GETs on network errors and 5xx, up to the attempt limit, then throws the problem", async () => {
    const script = scriptedFetch([
      () => {
        throw new TypeError("fetch failed");
      },
      () => problemOf(502),
      () => problemOf(500),
      () => problemOf(500),
    ]);
    const client = createIntakeClient({ ...options, fetch: script.fetch, retry: { ...options.retry, attempts: 4 } });

    const error = await client.getJob({ jobId: "j1" }).catch((caught: unknown) => caught);

    expect(script.seen).toHaveLength(4);
    expect(error).toBeInstanceOf(IntakeApiError);
    expect(error).toMatchObject({ status: 500, requestId: "req-500", detail: "status 500" });
  });

  it("does not repeat a POST without an Idempotency-Key after a 500", async () => {
    const script = scriptedFetch([() => problemOf(500), () => Response.json({})]);
    const client = createIntakeClient({ ...options, fetch: script.fetch });

    await expect(client.createUpload({ fileName: "a.csv", size: 1 })).rejects.toMatchObject({ status: 500 });
    expect(script.seen).toHaveLength(1);
  });

  it("sends createJob with an Idempotency-Key, the same on every retry, so a retry cannot create two jobs", async () => {
    const script = scriptedFetch([() => problemOf(500), () => Response.json({ job: { jobId: "j1" } }, { status: 202 })]);
    const client = createIntakeClient({ ...options, fetch: script.fetch });

    await client.createJob({ uploadId: "upl_1", templateId: "contacts" });

    const keys = script.seen.map((request) => request.headers.get("idempotency-key"));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(script.seen[0]?.headers.get("authorization")).toContain("idempotency-key");
  });

  it("puts list filters in the query string and encodes path segments", async () => {
    const script = scriptedFetch([() => Response.json({ jobs: [], nextCursor: null }), () => Response.json({ record: {} })]);
    const client = createIntakeClient({ ...options, fetch: script.fetch });

    await client.listJobs({ state: "running", limit: 10 });
    await client.getRecord({ dataset: "contacts", recordKey: "a/b c@d" });

    expect(script.seen.map((request) => request.url)).toEqual([
      "http://intake.test/api/v1/jobs?state=running&limit=10",
      "http://intake.test/api/v1/datasets/contacts/records/a%2Fb%20c%40d",
    ]);
  });
});

describe("retryDelayMs", () => {
  const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 };

  it("honours Retry-After in seconds or as a date, bounded by the policy", () => {
    expect(retryDelayMs({ retry: 1, retryAfter: "0", policy })).toBe(0);
    expect(retryDelayMs({ retry: 1, retryAfter: "1", policy })).toBe(1_000);
    expect(retryDelayMs({ retry: 1, retryAfter: "3600", policy })).toBe(1_000);
    expect(retryDelayMs({ retry: 1, retryAfter: new Date(Date.now() + 60_000).toUTCString(), policy })).toBe(1_000);
  });

  it("backs off exponentially with jitter when the server gives no Retry-After", () => {
    expect(retryDelayMs({ retry: 1, policy, random: () => 1 })).toBe(100);
    expect(retryDelayMs({ retry: 3, policy, random: () => 0 })).toBe(200);
    expect(retryDelayMs({ retry: 10, policy, random: () => 1 })).toBe(1_000);
  });
});
