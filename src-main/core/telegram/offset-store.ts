import path from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFileAtomic } from './json-file.js';

const OffsetFileSchema = z.looseObject({
  version: z.literal(1),
  bot_id: z.number().int(),
  last_update_id: z.number().int(),
});

/** Resolves where an account's update offset lives: `<stateDir>/telegram/<account>/update-offset.json`. */
export function resolveUpdateOffsetPath(stateDir: string, accountId: string): string {
  return path.join(stateDir, 'telegram', accountId, 'update-offset.json');
}

/**
 * Reads the id of the last update the bot handled; undefined when there is none, when it was
 * written for another bot (the token changed), or when the file is unreadable (then polling
 * starts from what Telegram still holds, as on a first start).
 */
export async function readUpdateOffset(filePath: string, botId: number): Promise<number | undefined> {
  let raw: unknown;
  try {
    raw = await readJsonFile(filePath);
  } catch {
    // A damaged offset file costs at most a repeated answer; refusing to start would cost the channel.
    return undefined;
  }
  const parsed = OffsetFileSchema.safeParse(raw);
  if (!parsed.success || parsed.data.bot_id !== botId) return undefined;
  return parsed.data.last_update_id;
}

/** Persists the id of the last handled update atomically (temp file, fsync, rename). */
export async function writeUpdateOffset(filePath: string, botId: number, lastUpdateId: number): Promise<void> {
  await writeJsonFileAtomic(filePath, { version: 1, bot_id: botId, last_update_id: lastUpdateId });
}
