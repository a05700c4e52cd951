import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Reads a secret kept in a file under the data directory, creating it with 0600
 * permissions on first use. The embedded shape keeps its master key and session
 * secret this way when they are not given in the environment.
 */
export async function readOrCreateSecretFile(dataDir: string, name: string, bytes = 32): Promise<Buffer> {
  const file = path.join(dataDir, "secrets", name);
  try {
    return Buffer.from((await readFile(file, "utf8")).trim(), "base64");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(bytes);
  try {
    // "wx" fails if another process created it first; then read theirs.
    await writeFile(file, secret.toString("base64"), { mode: 0o600, flag: "wx" });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return Buffer.from((await readFile(file, "utf8")).trim(), "base64");
  }
}
