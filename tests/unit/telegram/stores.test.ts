import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizePairingCode, PAIRING_CODE_ALPHABET } from '../../../src-shared/telegram/pairing.js';
import { readUpdateOffset, resolveUpdateOffsetPath, writeUpdateOffset } from '../../../src-main/core/telegram/offset-store.js';
import {
  createPairingCode,
  createPairingStore,
  PAIRING_CODE_TTL_MS,
  PAIRING_REQUEST_COOLDOWN_MS,
  resolveAllowFromFilePath,
  resolvePairingFilePath,
} from '../../../src-main/core/telegram/pairing-store.js';

let stateDir: string;
beforeEach(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-telegram-'));
});
afterEach(async () => {
  await rm(stateDir, { recursive: true, force: true });
});

const ada = { accountId: 'default', userId: '42', username: 'ada', name: 'Ada Lovelace' };

/** The user ids in the upstream pending file, which holds 3 requests at most. */
async function fileUserIds(): Promise<string[]> {
  const parsed = JSON.parse(await readFile(resolvePairingFilePath(stateDir), 'utf8')) as { requests: { id: string }[] };
  return parsed.requests.map((r) => r.id);
}

describe('pairing codes', () => {
  it('are 8 characters from an alphabet without 0, O, 1 and I', () => {
    expect(PAIRING_CODE_ALPHABET).not.toMatch(/[0O1I]/);
    for (let i = 0; i < 200; i++) expect(createPairingCode()).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  });

  it('are normalised from what a person types', () => {
    expect(normalizePairingCode('  abcd2345 ')).toBe('ABCD2345');
    expect(normalizePairingCode('ABCD1234')).toBeUndefined();
    expect(normalizePairingCode('ABC')).toBeUndefined();
  });
});

describe('createPairingStore', () => {
  it('issues a code to a new sender and lists it with its expiry', async () => {
    const store = createPairingStore({ stateDir, now: () => 1_000_000 });
    const result = await store.request(ada);
    expect(result.kind).toBe('created');
    const listed = await store.list();
    expect(listed).toEqual([
      {
        code: result.kind === 'created' ? result.request.code : '',
        channel: 'telegram',
        account_id: 'default',
        user_id: '42',
        username: 'ada',
        name: 'Ada Lovelace',
        created_at: 1_000_000,
        expires_at: 1_000_000 + PAIRING_CODE_TTL_MS,
      },
    ]);
  });

  it('gives a sender who asks again the same code, marked pending', async () => {
    const store = createPairingStore({ stateDir });
    const first = await store.request(ada);
    const second = await store.request(ada);
    expect(second.kind).toBe('pending');
    expect(second.kind === 'pending' && first.kind === 'created' && second.request.code).toBe(first.kind === 'created' && first.request.code);
    expect(await store.list()).toHaveLength(1);
  });

  it('keeps at most 3 requests pending: a 4th sender still gets a code, and the oldest request is evicted', async () => {
    let now = 0;
    const store = createPairingStore({ stateDir, now: () => now });
    for (const userId of ['1', '2', '3']) {
      expect((await store.request({ accountId: 'default', userId })).kind).toBe('created');
      now += 1_000;
    }
    const fourth = await store.request({ accountId: 'default', userId: '4' });
    expect(fourth).toMatchObject({ kind: 'created', evicted: [expect.objectContaining({ user_id: '1' })] });
    expect(await fileUserIds()).toEqual(['2', '3', '4']);
    // Out of the file, not out of sight: the dashboard still lists it.
    expect((await store.list()).map((r) => r.user_id)).toEqual(['1', '2', '3', '4']);
  });

  it('evicts by age of the request, so a stranger who keeps writing cannot keep theirs fresh', async () => {
    let now = 0;
    const store = createPairingStore({ stateDir, now: () => now });
    for (const userId of ['1', '2', '3']) {
      await store.request({ accountId: 'default', userId });
      now += 1_000;
    }
    expect((await store.request({ accountId: 'default', userId: '1' })).kind).toBe('pending');
    await store.request({ accountId: 'default', userId: 'owner' });
    expect(await fileUserIds()).toEqual(['2', '3', 'owner']);
  });

  it('three strangers cannot block the owner, and an evicted stranger cannot come straight back', async () => {
    let now = 0;
    const store = createPairingStore({ stateDir, now: () => now });
    for (const userId of ['s1', 's2', 's3']) {
      await store.request({ accountId: 'default', userId });
      now += 1_000;
    }
    const owner = await store.request({ ...ada, userId: 'owner' });
    expect(owner.kind).toBe('created');
    // The evicted stranger retries at once: their old code back, no new one, so the owner's request stays.
    now += 1_000;
    expect(await store.request({ accountId: 'default', userId: 's1' })).toMatchObject({ kind: 'pending', request: { user_id: 's1' } });
    expect(await fileUserIds()).toEqual(['s2', 's3', 'owner']);
    await store.approve(owner.kind === 'created' ? owner.request.code : '');
    expect(await store.isApproved('default', 'owner')).toBe(true);
  });

  it('six strangers cycling three per round never keep the owner from seeing and approving a code', async () => {
    let now = 0;
    const store = createPairingStore({ stateDir, now: () => now });
    const strangers = ['s1', 's2', 's3', 's4', 's5', 's6'];
    let ownerCode = '';
    // Two hours of rounds every 5 minutes, so the owner's first code expires and a second is needed.
    for (let round = 0; round < 24; round++) {
      if (round > 0) now += 5 * 60 * 1000;
      const result = await store.request({ ...ada, userId: 'owner' });
      expect(result.kind, `owner at round ${round}`).not.toBe('cooldown');
      if (result.kind !== 'cooldown') ownerCode = result.request.code;
      for (const userId of round % 2 === 0 ? strangers.slice(0, 3) : strangers.slice(3)) {
        await store.request({ accountId: 'default', userId });
        now += 1_000;
      }
      expect((await store.list()).map((r) => r.code), `dashboard at round ${round}`).toContain(ownerCode);
    }
    expect(await fileUserIds()).not.toContain('owner');
    expect(await store.approve(ownerCode)).toMatchObject({ user_id: 'owner' });
    expect(await store.isApproved('default', 'owner')).toBe(true);
    expect((await store.list()).map((r) => r.user_id)).not.toContain('owner');
  });

  it('lets an evicted code be denied, and forgets it when it expires', async () => {
    let now = 0;
    const store = createPairingStore({ stateDir, now: () => now });
    const first = await store.request({ accountId: 'default', userId: '1' });
    for (const userId of ['2', '3', '4', '5']) {
      now += 1_000;
      await store.request({ accountId: 'default', userId });
    }
    const [evictedOne, evictedTwo] = (await store.list()).slice(0, 2);
    expect(first.kind === 'created' && first.request.code).toBe(evictedOne?.code);
    await store.deny(evictedOne?.code ?? '');
    expect(await store.isApproved('default', '1')).toBe(false);
    now = PAIRING_CODE_TTL_MS + 1_000;
    expect((await store.list()).map((r) => r.user_id)).toEqual(['3', '4', '5']);
    await expect(store.approve(evictedTwo?.code ?? '')).rejects.toThrow(/No pending pairing request/);
  });

  it('gives a sender one new code per cooldown, counted from their last code', async () => {
    let now = 0;
    const store = createPairingStore({ stateDir, now: () => now });
    const first = await store.request(ada);
    await store.deny(first.kind === 'created' ? first.request.code : '');
    now = PAIRING_REQUEST_COOLDOWN_MS - 1;
    expect((await store.request(ada)).kind).toBe('cooldown');
    now = PAIRING_REQUEST_COOLDOWN_MS;
    expect((await store.request(ada)).kind).toBe('created');
  });

  it('frees a slot when a request expires', async () => {
    let now = 0;
    const store = createPairingStore({ stateDir, now: () => now });
    for (const userId of ['1', '2', '3']) await store.request({ accountId: 'default', userId });
    now = PAIRING_CODE_TTL_MS;
    expect((await store.request({ accountId: 'default', userId: '4' })).kind).toBe('created');
    expect((await store.list()).map((r) => r.user_id)).toEqual(['4']);
  });

  it('approves a code: the sender is in the account allow list file and no longer pending', async () => {
    const store = createPairingStore({ stateDir });
    const result = await store.request(ada);
    const code = result.kind === 'created' ? result.request.code : '';
    expect((await store.approve(code.toLowerCase())).user_id).toBe('42');
    expect(await store.isApproved('default', '42')).toBe(true);
    expect(await store.list()).toEqual([]);
    expect(JSON.parse(await readFile(resolveAllowFromFilePath(stateDir, 'default'), 'utf8'))).toEqual({
      version: 1,
      allowFrom: ['42'],
      approvals: { 42: { approvedAt: expect.any(String), name: 'Ada Lovelace', username: 'ada' } },
    });
  });

  it('lists who is paired with a bot, with name and approval time', async () => {
    let now = Date.parse('2026-12-04T10:00:00Z');
    const store = createPairingStore({ stateDir, now: () => now });
    const result = await store.request(ada);
    now += 60_000;
    await store.approve(result.kind === 'created' ? result.request.code : '');
    expect(await store.listApproved('default')).toEqual([{ account_id: 'default', user_id: '42', name: 'Ada Lovelace', username: 'ada', approved_at: now }]);
    expect(await store.listApproved('work')).toEqual([]);
  });

  it('revokes a paired sender: off the list, and their next message gets a new code at once despite the cooldown', async () => {
    let now = 0;
    const store = createPairingStore({ stateDir, now: () => now });
    const first = await store.request(ada);
    await store.approve(first.kind === 'created' ? first.request.code : '');
    now += 60_000;
    expect(await store.revoke('default', '42')).toMatchObject({ user_id: '42', name: 'Ada Lovelace' });
    expect(await store.isApproved('default', '42')).toBe(false);
    expect(await store.listApproved('default')).toEqual([]);
    now += 1_000;
    expect((await store.request(ada)).kind).toBe('created');
  });

  it('revokes from another process too (a second store on the same files), and keeps fields other tools wrote', async () => {
    const allowPath = resolveAllowFromFilePath(stateDir, 'default');
    await mkdir(path.dirname(allowPath), { recursive: true });
    await writeFile(allowPath, JSON.stringify({ version: 1, allowFrom: ['42', 7], note: 'from another tool' }));
    const gateway = createPairingStore({ stateDir });
    expect(await gateway.listApproved('default')).toEqual([{ account_id: 'default', user_id: '42' }, { account_id: 'default', user_id: '7' }]);
    await createPairingStore({ stateDir }).revoke('default', '7');
    expect(await gateway.isApproved('default', '7')).toBe(false);
    expect(JSON.parse(await readFile(allowPath, 'utf8'))).toMatchObject({ allowFrom: ['42'], note: 'from another tool' });
  });

  it('refuses to revoke a sender who is not paired, naming them and the bot', async () => {
    await expect(createPairingStore({ stateDir }).revoke('default', '99')).rejects.toMatchObject({ code: 'not_approved', message: 'Telegram user 99 is not on the paired list of bot "default"' });
  });

  it.each(['a/../../../etc/x', '..', '', 'a.b', 'x'.repeat(65), 'bot\\name'])('refuses the bot id %j as a file name, naming telegram.accounts', (accountId) => {
    expect(() => resolveAllowFromFilePath(stateDir, accountId)).toThrow('use "default" or a key under telegram.accounts made of letters, digits, _ and - (at most 64 characters)');
  });

  it('accepts bot ids of letters, digits, _ and -', () => {
    expect(path.basename(resolveAllowFromFilePath(stateDir, 'Work_2-b'))).toBe('telegram-Work_2-b-allowFrom.json');
    expect(path.basename(resolveAllowFromFilePath(stateDir, 'x'.repeat(64)))).toBe(`telegram-${'x'.repeat(64)}-allowFrom.json`);
  });

  it('reads and writes nothing outside the credentials folder for a bot id that climbs out of it', async () => {
    const store = createPairingStore({ stateDir });
    await expect(store.revoke('a/../../escaped', '42')).rejects.toThrow('cannot name a pairing file');
    await expect(store.listApproved('a/../../escaped')).rejects.toThrow('cannot name a pairing file');
    // A pending request another tool wrote with such a bot id cannot be approved into a file elsewhere.
    const pendingPath = resolvePairingFilePath(stateDir);
    await mkdir(path.dirname(pendingPath), { recursive: true });
    const createdAt = new Date().toISOString();
    await writeFile(pendingPath, JSON.stringify({ version: 1, requests: [{ id: '42', code: 'ABCDEFGH', createdAt, meta: { accountId: '../../escaped' } }] }));
    await expect(store.approve('ABCDEFGH')).rejects.toThrow('cannot name a pairing file');
    expect(await readdir(stateDir)).toEqual(['credentials']);
    expect(await readdir(path.dirname(pendingPath))).toEqual(['telegram-pairing.json']);
  });

  it('keeps approvals per account in their own file', async () => {
    const store = createPairingStore({ stateDir });
    const result = await store.request({ ...ada, accountId: 'work' });
    await store.approve(result.kind === 'created' ? result.request.code : '');
    expect(await store.isApproved('work', '42')).toBe(true);
    expect(await store.isApproved('default', '42')).toBe(false);
    expect(path.basename(resolveAllowFromFilePath(stateDir, 'work'))).toBe('telegram-work-allowFrom.json');
  });

  it('denies a code: the sender is not approved and may ask again after the cooldown', async () => {
    let now = 0;
    const store = createPairingStore({ stateDir, now: () => now });
    const result = await store.request(ada);
    await store.deny(result.kind === 'created' ? result.request.code : '');
    expect(await store.isApproved('default', '42')).toBe(false);
    expect(await store.list()).toEqual([]);
    now = PAIRING_REQUEST_COOLDOWN_MS;
    expect((await store.request(ada)).kind).toBe('created');
  });

  it('refuses an expired code and drops it', async () => {
    let now = 0;
    const store = createPairingStore({ stateDir, now: () => now });
    const result = await store.request(ada);
    now = PAIRING_CODE_TTL_MS + 1;
    const code = result.kind === 'created' ? result.request.code : '';
    await expect(store.approve(code)).rejects.toThrow(`Pairing code ${code} expired; ask the sender to message the bot again for a new code`);
    expect(await store.isApproved('default', '42')).toBe(false);
    await expect(store.approve(code)).rejects.toMatchObject({ code: 'unknown_code' });
  });

  it('refuses an unknown code and something that is not a code', async () => {
    const store = createPairingStore({ stateDir });
    await expect(store.approve('ABCDEFGH')).rejects.toThrow('No pending pairing request with code ABCDEFGH; check the code the bot sent');
    await expect(store.deny('0000')).rejects.toThrow('"0000" is not a pairing code');
  });

  it('writes upstream OpenClaw’s file format with owner-only permissions', async () => {
    const store = createPairingStore({ stateDir, now: () => Date.UTC(2026, 0, 1) });
    await store.request(ada);
    const file = resolvePairingFilePath(stateDir);
    const stored = JSON.parse(await readFile(file, 'utf8')) as { version: number; requests: Record<string, unknown>[] };
    expect(stored.version).toBe(1);
    expect(stored.requests[0]).toMatchObject({ id: '42', createdAt: '2026-01-01T00:00:00.000Z', meta: { accountId: 'default', username: 'ada' } });
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('reports a damaged pairing file by name and leaves it untouched', async () => {
    const file = resolvePairingFilePath(stateDir);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '{"version":1,"requests":');
    const store = createPairingStore({ stateDir });
    await expect(store.request(ada)).rejects.toThrow(`${file} is not valid JSON`);
    expect(await readFile(file, 'utf8')).toBe('{"version":1,"requests":');
  });

  it('serialises concurrent requests so none is lost', async () => {
    const store = createPairingStore({ stateDir });
    const results = await Promise.all(['1', '2', '3', '4', '5'].map((userId) => store.request({ accountId: 'default', userId })));
    expect(results.filter((r) => r.kind === 'created')).toHaveLength(5);
    const evicted = results.flatMap((r) => (r.kind === 'created' ? r.evicted.map((e) => e.user_id) : []));
    expect(evicted).toHaveLength(2);
    expect([...evicted, ...(await fileUserIds())].sort()).toEqual(['1', '2', '3', '4', '5']);
    expect((await store.list()).map((r) => r.user_id).sort()).toEqual(['1', '2', '3', '4', '5']);
  });
});

describe('update offset', () => {
  it('round-trips the last handled update id for the same bot', async () => {
    const file = resolveUpdateOffsetPath(stateDir, 'default');
    await writeUpdateOffset(file, 123, 1005);
    expect(await readUpdateOffset(file, 123)).toBe(1005);
  });

  it('is ignored for another bot (the token changed)', async () => {
    const file = resolveUpdateOffsetPath(stateDir, 'default');
    await writeUpdateOffset(file, 123, 1005);
    expect(await readUpdateOffset(file, 456)).toBeUndefined();
  });

  it('is undefined when missing or damaged', async () => {
    const file = resolveUpdateOffsetPath(stateDir, 'default');
    expect(await readUpdateOffset(file, 123)).toBeUndefined();
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, 'garbage');
    expect(await readUpdateOffset(file, 123)).toBeUndefined();
  });
});
