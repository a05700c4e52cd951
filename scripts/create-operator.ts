import { ConfigError, getConfig } from "@/lib/config";
import { closeAppContext, createAppContext } from "@/lib/context";
import { createOperator } from "@/lib/operator/create-operator";

/*
 * npm run create-operator — creates an operator account against the configured
 * stores (the first one of a production deployment, where no demo accounts are
 * seeded). The password comes from the environment, never from the command line
 * (which other users of the machine can read):
 *   OPERATOR_EMAIL=ops@example.com OPERATOR_NAME="Ops" OPERATOR_PASSWORD=… npm run create-operator
 */
async function main(): Promise<void> {
  const context = await createAppContext(getConfig());
  try {
    const user = await createOperator(context, {
      email: process.env.OPERATOR_EMAIL ?? "",
      name: process.env.OPERATOR_NAME ?? "Operator",
      password: process.env.OPERATOR_PASSWORD ?? "",
    });
    process.stdout.write(`Operator ${user.email} created (${user.userId}).\n`);
  } finally {
    await closeAppContext(context);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `The operator was not created: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
