import { z } from 'zod';

/** A DM pairing request waiting for the owner, as the gateway shows it to clients. */
export const PairingRequestSchema = z.object({
  code: z.string().describe('8 characters from an alphabet without 0, O, 1 and I'),
  channel: z.literal('telegram'),
  account_id: z.string(),
  user_id: z.string(),
  username: z.string().optional(),
  name: z.string().optional(),
  created_at: z.number().int().describe('Epoch ms'),
  expires_at: z.number().int().describe('Epoch ms; the code is refused after this'),
});
export type PairingRequest = z.infer<typeof PairingRequestSchema>;

/** A sender on a bot's paired list (approved through pairing). */
export const ApprovedSenderSchema = z.object({
  account_id: z.string(),
  user_id: z.string(),
  name: z.string().optional(),
  username: z.string().optional(),
  approved_at: z.number().int().optional().describe('Epoch ms; absent for senders approved by another tool or before this was recorded'),
});
export type ApprovedSender = z.infer<typeof ApprovedSenderSchema>;

/**
 * What a bot's id (`default` or a key of telegram.accounts) may hold wherever it names a file: letters,
 * digits, `_` and `-`, 1 to 64 of them, so `a/../../x` can never leave the credentials folder.
 */
export const TELEGRAM_ACCOUNT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A bot id as clients send it (pairing.revoke). */
export const TelegramAccountIdSchema = z
  .string()
  .regex(TELEGRAM_ACCOUNT_ID_PATTERN, 'must be "default" or a key of telegram.accounts (letters, digits, _ and -, at most 64)');

export const PAIRING_CODE_LENGTH = 8;
export const PAIRING_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Normalises a code typed by a person (trimmed, upper case); undefined when it cannot be a pairing code. */
export function normalizePairingCode(raw: string): string | undefined {
  const code = raw.trim().toUpperCase();
  if (code.length !== PAIRING_CODE_LENGTH) return undefined;
  for (const char of code) if (!PAIRING_CODE_ALPHABET.includes(char)) return undefined;
  return code;
}

/**
 * invalid_code: not a code; unknown_code, expired: no such request; not_approved: the sender is not
 * on the paired list; allowed_by_config: the config lets them in, pairing cannot take that back;
 * unknown_bot: no such bot in the config.
 */
export type PairingErrorCode = 'invalid_code' | 'unknown_code' | 'expired' | 'not_approved' | 'allowed_by_config' | 'unknown_bot';

/** A pairing code that cannot be approved or denied, with the reason as a code and in words. */
export class PairingError extends Error {
  constructor(
    readonly code: PairingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PairingError';
  }
}
