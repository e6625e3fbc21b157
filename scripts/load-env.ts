import { existsSync } from 'node:fs';

/** Reads ./.env when present (Node's own parser); real environment variables win over it. */
export function loadDotEnv(file = '.env') {
  if (existsSync(file)) process.loadEnvFile(file);
}
