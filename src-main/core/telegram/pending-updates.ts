import path from 'node:path';
import type { Update } from 'grammy/types';
import { z } from 'zod';
import { readJsonFile, writeJsonFileAtomic } from './json-file.js';

const PendingFileSchema = z.looseObject({
  version: z.literal(1),
  bot_id: z.number().int(),
  updates: z.array(z.looseObject({ update_id: z.number().int() })),
});

/** Resolves where an account's accepted-but-unanswered updates live: `<stateDir>/telegram/<account>/pending-updates.json`. */
export function resolvePendingUpdatesPath(stateDir: string, accountId: string): string {
  return path.join(stateDir, 'telegram', accountId, 'pending-updates.json');
}

export interface PendingUpdateJournal {
  /** The updates accepted but not yet answered when the bot last ran (a crash or kill), oldest first. */
  list(): Promise<Update[]>;
  /** Records an update before its offset is confirmed, so a crash mid-answer cannot lose it. */
  add(update: Update): Promise<void>;
  /** Forgets an update once it is answered (or refused, or failed for good). */
  remove(updateId: number): Promise<void>;
}

/**
 * Creates the journal that closes the gap between confirming an update's offset to Telegram and
 * finishing its answer: every write is atomic and writes run one after another. A file written for
 * another bot (the token changed) or one that cannot be read counts as empty: replaying a stranger's
 * updates would answer people who never wrote to this bot.
 */
export function createPendingUpdateJournal(filePath: string, botId: number): PendingUpdateJournal {
  let pending: Map<number, Update> | undefined;
  let chain: Promise<void> = Promise.resolve();

  const load = async (): Promise<Map<number, Update>> => {
    if (pending) return pending;
    let raw: unknown;
    try {
      raw = await readJsonFile(filePath);
    } catch {
      // A damaged journal costs the replay of at most the answers in flight at a crash.
      raw = undefined;
    }
    const parsed = PendingFileSchema.safeParse(raw);
    const updates = parsed.success && parsed.data.bot_id === botId ? (parsed.data.updates as Update[]) : [];
    pending = new Map(updates.map((update) => [update.update_id, update]));
    return pending;
  };

  const mutate = (change: (updates: Map<number, Update>) => void): Promise<void> => {
    const next = chain.then(async () => {
      const updates = await load();
      change(updates);
      await writeJsonFileAtomic(filePath, { version: 1, bot_id: botId, updates: [...updates.values()] });
    });
    chain = next.catch(() => undefined);
    return next;
  };

  return {
    async list() {
      await chain;
      return [...(await load()).values()].sort((a, b) => a.update_id - b.update_id);
    },
    add: (update) => mutate((updates) => updates.set(update.update_id, update)),
    remove: (updateId) => mutate((updates) => updates.delete(updateId)),
  };
}
