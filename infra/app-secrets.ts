import { RemovalPolicy } from "aws-cdk-lib";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";

const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

export interface AppSecrets {
  /** AUTH_SECRET: signs portal sessions; the web service only. */
  authSecret: secretsmanager.Secret;
  /**
   * MASTER_KEY: even with MASTER_KEY_PROVIDER=kms, API key and webhook secrets
   * stay sealed under this local key, so every process must hold the same one.
   */
  localMasterKey: secretsmanager.Secret;
}

/**
 * Both secrets are generated once, at creation, and kept if the stack goes:
 * losing MASTER_KEY makes every stored API key and webhook secret unreadable.
 */
export function createAppSecrets(scope: Construct): AppSecrets {
  const authSecret = new secretsmanager.Secret(scope, "AuthSecret", {
    description: "Intake AUTH_SECRET: signs portal sessions",
    generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // 43 characters of the base64 alphabet are 258 random bits, which decode to
  // exactly the 32 bytes lib/config.ts requires of MASTER_KEY.
  const localMasterKey = new secretsmanager.Secret(scope, "LocalMasterKey", {
    description: "Intake MASTER_KEY: seals API key and webhook secrets",
    generateSecretString: {
      passwordLength: 43,
      includeSpace: false,
      excludeCharacters: [...PUNCTUATION].filter((character) => character !== "+" && character !== "/").join(""),
    },
    removalPolicy: RemovalPolicy.RETAIN,
  });
  return { authSecret, localMasterKey };
}
