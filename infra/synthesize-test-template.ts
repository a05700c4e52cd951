import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { DISABLE_ASSET_STAGING_CONTEXT } from "aws-cdk-lib/cx-api";
import { createIntakeApp } from "@/infra/app";
import { OFFLINE_CONTEXT } from "@/infra/offline-context";

export interface TestTemplate {
  template: Template;
  /** Removes the cloud assembly written for the synth. */
  close(): Promise<void>;
}

/**
 * The stack synthesized offline into a temporary directory, for assertions. The
 * image is fingerprinted but not staged, so no copy of the repository is made.
 */
export async function synthesizeTestTemplate(context: Record<string, unknown> = {}): Promise<TestTemplate> {
  const outdir = await mkdtemp(path.join(tmpdir(), "intake-cdk-"));
  const { stack } = createIntakeApp({ outdir, context: { ...OFFLINE_CONTEXT, [DISABLE_ASSET_STAGING_CONTEXT]: true, ...context } });
  return {
    template: Template.fromStack(stack),
    close: () => rm(outdir, { recursive: true, force: true }),
  };
}
