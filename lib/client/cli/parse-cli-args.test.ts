import { describe, expect, it } from "vitest";
import { parseCliArgs } from "@/lib/client/cli/parse-cli-args";

describe("parseCliArgs", () => {
  it("reads an import with a template, repeated mappings, a URL and a concurrency", () => {
    const command = parseCliArgs([
      "import",
      "data/people.csv",
      "--template",
      "contacts",
      "--mapping",
      "email=E-mail address",
      "-m",
      "first_name=Given=Name",
      "--url",
      "http://intake.test:3000",
      "--concurrency",
      "8",
    ]);

    expect(command).toEqual({
      name: "import",
      file: "data/people.csv",
      templateId: "contacts",
      mapping: { email: "E-mail address", first_name: "Given=Name" },
      concurrency: 8,
      isDetached: false,
      url: "http://intake.test:3000",
    });
  });

  it("defaults the concurrency to 4 and leaves the mapping out when none is given", () => {
    expect(parseCliArgs(["import", "a.csv", "-t", "contacts"])).toMatchObject({ concurrency: 4, mapping: undefined, url: undefined });
  });

  it("reads status with --wait, errors with --out, and cancel", () => {
    expect(parseCliArgs(["status", "job-1", "--wait"])).toEqual({ name: "status", jobId: "job-1", shouldWait: true, url: undefined });
    expect(parseCliArgs(["errors", "job-1", "--out", "bad.csv"])).toEqual({ name: "errors", jobId: "job-1", out: "bad.csv", url: undefined });
    expect(parseCliArgs(["cancel", "job-1"])).toEqual({ name: "cancel", jobId: "job-1", url: undefined });
  });

  it("asks for help when told to or given nothing", () => {
    expect(parseCliArgs([])).toEqual({ name: "help" });
    expect(parseCliArgs(["--help"])).toEqual({ name: "help" });
    expect(parseCliArgs(["import", "--help"])).toEqual({ name: "help" });
  });

  it.each([
    [["import", "a.csv"], /--template/],
    [["import", "--template", "contacts"], /Name the file/],
    [["import", "a.csv", "-t", "contacts", "-m", "email"], /field=Header/],
    [["import", "a.csv", "-t", "contacts", "-c", "0"], /--concurrency/],
    [["import", "a.csv", "-t", "contacts", "--url", "not a url"], /not a URL/],
    [["status"], /Name the job/],
    [["launch"], /Unknown command "launch"/],
    [["status", "job-1", "--bogus"], /bogus/],
    [["errors", "job-1", "extra"], /Unexpected argument "extra"/],
  ])("refuses %j with a message", (argv, message) => {
    const command = parseCliArgs(argv);
    expect(command.name).toBe("invalid");
    expect(command.name === "invalid" && command.message).toMatch(message);
  });
});
