import path from "node:path";
import { createIntakeApp, REPOSITORY_ROOT } from "@/infra/app";
import { OFFLINE_CONTEXT } from "@/infra/offline-context";

/**
 * `npm run infra:synth`: the whole stack synthesized offline, with placeholder
 * context and no AWS credentials, into .data/cdk.out. The image is only
 * fingerprinted and staged; Docker runs when a deployment publishes it.
 */
const { app } = createIntakeApp({ outdir: path.join(REPOSITORY_ROOT, ".data", "cdk.out"), context: OFFLINE_CONTEXT });
const assembly = app.synth();
for (const stack of assembly.stacks) {
  process.stdout.write(`${stack.stackName}: ${path.relative(REPOSITORY_ROOT, path.join(assembly.directory, stack.templateFile))}\n`);
}
