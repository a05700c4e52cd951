import { createIntakeApp } from "@/infra/app";
import { InfraSettingsError } from "@/infra/settings";

/**
 * The entry point for the CDK CLI (infra/cdk.json; see docs/deploy.md): the CLI
 * supplies the output directory and the context, including the required
 * account, region, certificateArn and portalOrigin.
 */
try {
  createIntakeApp().app.synth();
} catch (error) {
  if (!(error instanceof InfraSettingsError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
