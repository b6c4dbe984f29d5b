import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPendingUpdateJournal, resolvePendingUpdatesPath } from '../../../src-main/core/telegram/pending-updates.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-journal-'));
  file = resolvePendingUpdatesPath(dir, 'default');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const update = (id: number): Update => ({ update_id: id }) as Update;

describe('pending-update journal', () => {
  it('lives at <state>/telegram/<account>/pending-updates.json', () => {
    expect(resolvePendingUpdatesPath('/s', 'work')).toBe(path.join('/s', 'telegram', 'work', 'pending-updates.json'));
  });

  it('keeps added updates on disk, oldest first, until removed', async () => {
    const journal = createPendingUpdateJournal(file, 7);
    await Promise.all([journal.add(update(12)), journal.add(update(10)), journal.add(update(11))]);
    await journal.remove(11);
    expect((await journal.list()).map((u) => u.update_id)).toEqual([10, 12]);
    const reread = createPendingUpdateJournal(file, 7);
    expect((await reread.list()).map((u) => u.update_id)).toEqual([10, 12]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1, bot_id: 7 });
  });

  it("ignores a journal written for another bot (the token changed): it never replays a stranger's updates", async () => {
    await createPendingUpdateJournal(file, 7).add(update(1));
    expect(await createPendingUpdateJournal(file, 8).list()).toEqual([]);
  });

  it('treats a damaged journal as empty instead of refusing to start', async () => {
    await createPendingUpdateJournal(file, 7).add(update(1));
    await writeFile(file, '{"version":1,"bot_id":7,"upd');
    const journal = createPendingUpdateJournal(file, 7);
    expect(await journal.list()).toEqual([]);
    await journal.add(update(2));
    expect((await journal.list()).map((u) => u.update_id)).toEqual([2]);
  });
});
