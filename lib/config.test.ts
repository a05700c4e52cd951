import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";

/** The ConfigError that parsing `env` throws; fails the test if it parses. */
function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

const MASTER_KEY_32 = Buffer.alloc(32, 7).toString("base64");

describe("parseConfig", () => {
  it("describes the embedded shape when no variable is set", () => {
    const config = parseConfig({});

    expect(config).toMatchObject({
      NODE_ENV: "development",
      HOST: "localhost",
      PORT: 3000,
      RUN_WEB: true,
      RUN_WORKER: true,
      RUN_EMULATORS: true,
      SEED_DEMO: true,
      S3_BUCKET: "intake-files",
      QUEUE_NAME: "intake-work",
      TABLE_PREFIX: "intake-",
      WRITE_BATCH_SIZE: 25,
      WORKER_DRAIN_SECONDS: 30,
      publicUrl: "http://localhost:3000",
    });
    expect(config.S3_ENDPOINT).toBeUndefined();
    expect(config.MASTER_KEY).toBeUndefined();
    expect(config.AUTH_SECRET).toBeUndefined();
  });

  it("coerces numeric variables from their text", () => {
    const config = parseConfig({ PORT: "8080", WORKER_CONCURRENCY: "4", QUEUE_WAIT_SECONDS: "0" });

    expect(config.PORT).toBe(8080);
    expect(config.WORKER_CONCURRENCY).toBe(4);
    expect(config.QUEUE_WAIT_SECONDS).toBe(0);
  });

  it.each([
    ["true", true],
    ["1", true],
    ["false", false],
    ["0", false],
  ])("reads the boolean flag %j as %s", (text, expected) => {
    const config = parseConfig({ RUN_WORKER: text, RUN_WEB: text, RUN_EMULATORS: text, SEED_DEMO: text });

    expect(config.RUN_WORKER).toBe(expected);
    expect(config.RUN_WEB).toBe(expected);
    expect(config.RUN_EMULATORS).toBe(expected);
    expect(config.SEED_DEMO).toBe(expected);
  });

  it.each<[string, Record<string, string>]>([
    ["PORT", { PORT: "abc" }],
    ["PORT", { PORT: "70000" }],
    ["PORT", { PORT: "80.5" }],
    ["S3_BUCKET", { S3_BUCKET: "Intake-Files" }],
    ["S3_BUCKET", { S3_BUCKET: "ab" }],
    ["MASTER_KEY", { MASTER_KEY: Buffer.alloc(16).toString("base64") }],
    ["MASTER_KEY", { MASTER_KEY: Buffer.alloc(33).toString("base64") }],
    ["RUN_WORKER", { RUN_WORKER: "maybe" }],
    ["RUN_WORKER", { RUN_WORKER: "yes" }],
    ["NODE_ENV", { NODE_ENV: "staging" }],
    ["PUBLIC_URL", { PUBLIC_URL: "not a url" }],
    ["AUTH_SECRET", { AUTH_SECRET: "too-short" }],
    ["WRITE_BATCH_SIZE", { WRITE_BATCH_SIZE: "26" }],
    ["QUEUE_NAME", { QUEUE_NAME: "has spaces" }],
  ])("refuses a bad %s with a ConfigError naming it", (name, env) => {
    const error = configErrorOf(env);

    expect(error.name).toBe("ConfigError");
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatch(new RegExp(`^${name}: `));
    expect(error.message).toContain(`- ${name}: `);
  });

  it("names every bad variable at once", () => {
    const error = configErrorOf({ PORT: "abc", RUN_WORKER: "maybe", S3_BUCKET: "UPPER" });

    expect(error.issues.map((issue) => issue.split(":")[0]).sort()).toEqual(["PORT", "RUN_WORKER", "S3_BUCKET"]);
  });

  it("accepts a MASTER_KEY that is base64 of exactly 32 bytes", () => {
    expect(parseConfig({ MASTER_KEY: MASTER_KEY_32 }).MASTER_KEY).toBe(MASTER_KEY_32);
  });

  it("reads an empty variable as unset, never as port 0", () => {
    const config = parseConfig({ PORT: "", HOST: "", RUN_WORKER: "", QUEUE_WAIT_SECONDS: "" });

    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe("localhost");
    expect(config.RUN_WORKER).toBe(true);
    expect(config.QUEUE_WAIT_SECONDS).toBe(20);
  });

  it("derives publicUrl from HOST and PORT", () => {
    expect(parseConfig({ HOST: "0.0.0.0", PORT: "4000" }).publicUrl).toBe("http://0.0.0.0:4000");
  });

  it("takes publicUrl from PUBLIC_URL when it is set", () => {
    const config = parseConfig({ HOST: "0.0.0.0", PORT: "4000", PUBLIC_URL: "https://intake.example.com" });

    expect(config.publicUrl).toBe("https://intake.example.com");
  });

  it("treats an empty PUBLIC_URL or endpoint as unset", () => {
    const config = parseConfig({ PUBLIC_URL: "", S3_ENDPOINT: "", REDIS_URL: "" });

    expect(config.PUBLIC_URL).toBeUndefined();
    expect(config.S3_ENDPOINT).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.publicUrl).toBe("http://localhost:3000");
  });

  it("resolves a relative DATA_DIR to an absolute dataDir", () => {
    const config = parseConfig({ DATA_DIR: "var/intake" });

    expect(path.isAbsolute(config.dataDir)).toBe(true);
    expect(config.dataDir).toBe(path.resolve("var/intake"));
    expect(config.DATA_DIR).toBe("var/intake");
  });

  it("keeps an absolute DATA_DIR as it is", () => {
    expect(parseConfig({ DATA_DIR: "/srv/intake" }).dataDir).toBe(path.resolve("/srv/intake"));
  });

  it("resolves the default DATA_DIR to an absolute path", () => {
    expect(parseConfig({}).dataDir).toBe(path.resolve(".data"));
  });
});
