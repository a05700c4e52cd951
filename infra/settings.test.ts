import { Node } from "constructs";
import { App } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { OFFLINE_CONTEXT } from "@/infra/offline-context";
import { InfraSettingsError, readSettings } from "@/infra/settings";

function settingsFrom(context: Record<string, unknown>) {
  return readSettings(Node.of(new App({ context })));
}

describe("readSettings", () => {
  it("takes the queue and table defaults from lib/config.ts", () => {
    const defaults = parseConfig({});
    expect(settingsFrom(OFFLINE_CONTEXT)).toMatchObject({
      queueName: defaults.QUEUE_NAME,
      tablePrefix: defaults.TABLE_PREFIX,
      queueMaxReceives: defaults.QUEUE_MAX_RECEIVES,
      queueVisibilitySeconds: defaults.QUEUE_VISIBILITY_SECONDS,
      workerDrainSeconds: defaults.WORKER_DRAIN_SECONDS,
    });
  });

  it("reads numbers from the strings the CDK CLI passes", () => {
    expect(settingsFrom({ ...OFFLINE_CONTEXT, workerMaxTasks: "40", uploadRetentionDays: "30" })).toMatchObject({ workerMaxTasks: 40, uploadRetentionDays: 30 });
  });

  it("names every missing or bad value", () => {
    const read = () => settingsFrom({ portalOrigin: "http://intake.example.com", queueName: "bad name", workerMinTasks: "0" });
    expect(read).toThrow(InfraSettingsError);
    for (const name of ["account", "region", "certificateArn", "portalOrigin", "queueName", "workerMinTasks"]) {
      expect(read).toThrow(new RegExp(`- ${name}: `));
    }
  });

  it("refuses a drain that would not fit in the queue's visibility timeout", () => {
    expect(() => settingsFrom({ ...OFFLINE_CONTEXT, workerDrainSeconds: "90", queueVisibilitySeconds: "60" })).toThrow(/workerDrainSeconds: must be below queueVisibilitySeconds/);
  });
});
