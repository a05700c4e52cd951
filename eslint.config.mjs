import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
    },
  },
  {
    // Only lib/config.ts reads the environment.
    files: ["**/*.ts", "**/*.tsx"],
    // Entry points that only hand their environment on (CLI, benchmarks) are exempt too.
    ignores: ["lib/config.ts", "playwright.config.ts", "**/*.test.ts", "e2e/**", "scripts/**", "bin/**"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through lib/config.ts." }],
    },
  },
  {
    // Browser code never reaches AWS, Redis or secrets directly.
    files: ["components/**/*.ts", "components/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/lib/aws/*", "@/lib/db/*", "@/lib/crypto/*", "@/lib/context", "@/lib/config", "ioredis", "@aws-sdk/*"], message: "Server-only module: fetch it through a route or a server component." },
          ],
        },
      ],
    },
  },
);
