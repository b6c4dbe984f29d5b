import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFileAtomic } from './json-file.js';

/** Random bytes behind a generated webhook secret (32 bytes: 43 base64url characters). */
export const WEBHOOK_SECRET_BYTES = 32;

const SecretFileSchema = z.looseObject({ version: z.literal(1), secret_token: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/) });

/** Resolves where a generated webhook secret is kept: `<stateDir>/telegram/<account>/webhook-secret.json` (0600). */
export function resolveWebhookSecretPath(stateDir: string, accountId: string): string {
  return path.join(stateDir, 'telegram', accountId, 'webhook-secret.json');
}

/**
 * Loads the account's generated webhook secret, creating one (from `random`, default the CSPRNG)
 * when the file is missing or unusable. A replaced secret loses nothing: every start sends the
 * current one to Telegram with setWebhook before deliveries are accepted.
 */
export async function loadWebhookSecret(filePath: string, random: (size: number) => Buffer = randomBytes): Promise<string> {
  let raw: unknown;
  try {
    raw = await readJsonFile(filePath);
  } catch {
    // Damaged (not JSON): replaced below, and setWebhook tells Telegram the new secret.
    raw = undefined;
  }
  const parsed = SecretFileSchema.safeParse(raw);
  if (parsed.success) return parsed.data.secret_token;
  const secret = random(WEBHOOK_SECRET_BYTES).toString('base64url');
  await writeJsonFileAtomic(filePath, { version: 1, secret_token: secret });
  return secret;
}
