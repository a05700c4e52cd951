import path from "node:path";
import { App } from "aws-cdk-lib";
import { CURRENTLY_RECOMMENDED_FLAGS } from "aws-cdk-lib/cx-api";
import { IntakeStack } from "@/infra/intake-stack";
import { readSettings } from "@/infra/settings";

/** The repository root, which is the image's build context. */
export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, "..");

/**
 * The CDK app with Intake's one stack. Context given here is a default: values
 * the CDK CLI passes (`-c name=value`) override it. The recommended feature flags
 * stand in for the cdk.json a `cdk init` would write.
 */
export function createIntakeApp(options: { outdir?: string; context?: Record<string, unknown> } = {}): { app: App; stack: IntakeStack } {
  const app = new App({ outdir: options.outdir, context: { ...CURRENTLY_RECOMMENDED_FLAGS, ...options.context } });
  const settings = readSettings(app.node);
  const stack = new IntakeStack(app, settings.stackName, {
    env: { account: settings.account, region: settings.region },
    settings,
    imageDirectory: REPOSITORY_ROOT,
    description: "Intake bulk-import portal: web and worker on Fargate, S3, SQS, DynamoDB, KMS, ElastiCache",
  });
  return { app, stack };
}
