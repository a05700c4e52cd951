import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { DEMO } from "@/lib/seed/seed-demo";
import { E2E_BASE_URL } from "../helpers/e2e-env";
import { seedApiKey } from "../helpers/seed";

const run = promisify(execFile);

async function runAllowingFailure(file: string, args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(file, args, { env: { ...process.env, ...env }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

test.describe("[program] the signed API against the running server", () => {
  let credentials: Record<string, string>;

  test.beforeAll(async () => {
    const key = await seedApiKey({ customerId: DEMO.customerId });
    credentials = { INTAKE_URL: E2E_BASE_URL, INTAKE_KEY_ID: key.keyId, INTAKE_SECRET: key.secret };
  });

  test("[program] calls the API with the documented curl + openssl script", async () => {
    const templates = await runAllowingFailure("bash", ["docs/examples/signed-request.sh", "GET", "/api/v1/templates"], credentials);
    const [body, status] = templates.stdout.trim().split("\n");
    expect(status, templates.stderr).toBe("200");
    expect((JSON.parse(body!) as { templates: { templateId: string }[] }).templates.map((template) => template.templateId)).toContain("contacts");

    const upload = await runAllowingFailure("bash", ["docs/examples/signed-request.sh", "POST", "/api/v1/uploads", '{"fileName":"a.csv","size":120}'], credentials);
    expect(upload.stdout.trim().split("\n").at(-1)).toBe("201");

    const listed = await runAllowingFailure("bash", ["docs/examples/signed-request.sh", "GET", "/api/v1/jobs?limit=5&state=succeeded"], credentials);
    expect(listed.stdout.trim().split("\n").at(-1)).toBe("200");
  });

  test("[program] imports a file end to end with the CLI", async () => {
    const result = await runAllowingFailure(process.execPath, ["--import", "tsx", "bin/intake.ts", "import", "public/samples/contacts.csv", "--template", "contacts"], credentials);
    const summary = result.stdout.trim().split("\n").at(-1) ?? "";
    expect(summary, result.stderr).toMatch(/^job [0-9a-f-]{36} completed_with_errors rows=1000 valid=980 rejected=20$/);
    expect(result.code).toBe(2);
  });

  test("[program] is refused with a problem when the signature is wrong", async () => {
    const result = await runAllowingFailure("bash", ["docs/examples/signed-request.sh", "GET", "/api/v1/templates"], { ...credentials, INTAKE_SECRET: "iks_wrong" });
    const [body, status] = result.stdout.trim().split("\n");
    expect(status).toBe("401");
    expect((JSON.parse(body!) as { type: string }).type).toBe("https://intake.dev/problems/signature-invalid");
  });
});
