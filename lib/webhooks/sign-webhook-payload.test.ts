import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhookPayload } from "@/lib/webhooks/sign-webhook-payload";

describe("signWebhookPayload", () => {
  it("signs id.timestamp.payload with HMAC-SHA256 keyed by the decoded secret bytes", () => {
    const key = Buffer.alloc(32, 7);
    const secret = `whsec_${key.toString("base64")}`;
    const payload = '{"type":"job.succeeded","data":{"jobId":"job_1"}}';
    const expected = createHmac("sha256", key).update(`msg_fixed.1700000000.${payload}`).digest("base64");

    expect(signWebhookPayload({ webhookMessageId: "msg_fixed", timestampSeconds: 1_700_000_000, payload, secret })).toBe(`v1,${expected}`);
  });

  it("reproduces the published Standard Webhooks test vector", () => {
    expect(
      signWebhookPayload({
        webhookMessageId: "msg_p5jXN8AQM9LWM0D4loKWxJek",
        timestampSeconds: 1_614_265_330,
        payload: '{"test": 2432232314}',
        secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      }),
    ).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("changes when the id, the timestamp, the payload or the secret changes", () => {
    const base = { webhookMessageId: "msg_a", timestampSeconds: 1, payload: "{}", secret: `whsec_${randomBytes(32).toString("base64")}` };
    const signature = signWebhookPayload(base);
    expect(signWebhookPayload({ ...base, webhookMessageId: "msg_b" })).not.toBe(signature);
    expect(signWebhookPayload({ ...base, timestampSeconds: 2 })).not.toBe(signature);
    expect(signWebhookPayload({ ...base, payload: "{ }" })).not.toBe(signature);
    expect(signWebhookPayload({ ...base, secret: `whsec_${randomBytes(32).toString("base64")}` })).not.toBe(signature);
  });

  it("refuses a timestamp in milliseconds or with a fraction", () => {
    expect(() => signWebhookPayload({ webhookMessageId: "m", timestampSeconds: 1.5, payload: "{}", secret: "whsec_AAAA" })).toThrow(/whole seconds/);
  });
});
