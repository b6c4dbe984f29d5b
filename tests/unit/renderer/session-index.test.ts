import { describe, expect, it } from 'vitest';
import { createSessionPager } from '../../../src-main/core/gateway/sessions-page.js';
import { SessionEntrySchema, type SessionEntry, type SessionEntryInput } from '../../../src-shared/sessions/entry.js';
import { SESSION_LIST_SORT_FIELDS, type SessionListSort } from '../../../src-shared/sessions/list-query.js';
import {
  applySessionChanges,
  createEmptySessionIndex,
  listIndexedChannels,
  resolveSessionOrder,
  type SessionChange,
  type SessionIndex,
} from '../../../src-renderer/features/sessions/session-index.js';
import { DEFAULT_SESSION_QUERY, resolveSessionRows, type SessionQuery } from '../../../src-renderer/features/sessions/session-rows.js';

const CHANNELS = ['telegram', 'slack', 'cli', undefined] as const;
const SORTS: SessionListSort[] = SESSION_LIST_SORT_FIELDS.flatMap((field) => [field, `-${field}` as const]);

function createSessionIndex(entries: Array<[string, SessionEntry]>): SessionIndex {
  return applySessionChanges(
    createEmptySessionIndex(),
    entries.map(([key, value]) => ({ key, entry: value })),
  );
}

function entry(input: SessionEntryInput): SessionEntry {
  return SessionEntrySchema.parse(input);
}

/** A varied session: some without label, channel, model or tokens, some sharing values (ties go by key). */
function makeEntry(i: number, version = 0): SessionEntry {
  const channel = CHANNELS[i % CHANNELS.length];
  return entry({
    session_id: `s-${i}`,
    updated_at: 1_000 + ((i * 37) % 50) + version,
    ...(i % 3 === 0 ? {} : { label: `Chat ${(i * 7) % 20}${version ? ` v${version}` : ''}` }),
    ...(channel ? { channel } : {}),
    ...(i % 4 === 0 ? { chat_type: 'group' as const } : {}),
    ...(i % 5 === 0 ? {} : { model: `m${i % 3}` }),
    ...(i % 6 === 0 ? {} : { total_tokens: (i * 13) % 40 }),
  });
}

function keysOf(index: SessionIndex, sort: SessionListSort): string[] {
  return resolveSessionOrder(index, sort).map((row) => row.key);
}

/** The order the same sessions have in a freshly built index. */
function freshKeys(index: SessionIndex, sort: SessionListSort): string[] {
  return keysOf(createSessionIndex([...index.rows].map(([key, row]) => [key, row.entry])), sort);
}

describe('session index', () => {
  it('keeps every order it was asked for sorted through small changes, as a fresh sort would', () => {
    let index = createSessionIndex(Array.from({ length: 120 }, (_, i) => [`agent:main:k${i}`, makeEntry(i)] as [string, SessionEntry]));
    for (const sort of ['-updated_at', 'label', '-tokens'] as const) keysOf(index, sort);
    for (let step = 1; step <= 30; step += 1) {
      const changes: SessionChange[] = [
        { key: `agent:main:k${(step * 17) % 120}`, entry: makeEntry(step * 5, step * 100) },
        { key: `agent:main:new${step}`, entry: makeEntry(step, step) },
        { key: `agent:main:k${(step * 29) % 120}`, entry: null },
      ];
      index = applySessionChanges(index, changes);
      for (const sort of ['-updated_at', 'label', '-tokens'] as const) expect(keysOf(index, sort)).toEqual(freshKeys(index, sort));
    }
  });

  it('keeps the orders sorted through a large batch (a page of a load)', () => {
    let index = createSessionIndex(Array.from({ length: 50 }, (_, i) => [`k${i}`, makeEntry(i)] as [string, SessionEntry]));
    keysOf(index, 'model');
    const page: SessionChange[] = Array.from({ length: 300 }, (_, i) => ({ key: `k${i}`, entry: makeEntry(i + 1, 7) }));
    index = applySessionChanges(index, [...page, { key: 'k3', entry: null }]);
    expect(index.rows.size).toBe(299);
    expect(keysOf(index, 'model')).toEqual(freshKeys(index, 'model'));
  });

  it('ignores an entry older than the one it holds, and returns the same index when nothing changed', () => {
    const index = createSessionIndex([['k', entry({ session_id: 'new', updated_at: 20 })]]);
    const after = applySessionChanges(index, [{ key: 'k', entry: entry({ session_id: 'old', updated_at: 10 }) }, { key: 'gone', entry: null }]);
    expect(after).toBe(index);
    expect(after.rows.get('k')?.entry.session_id).toBe('new');
  });

  it('offers a channel while one of its sessions is left', () => {
    let index = createSessionIndex([
      ['a', entry({ session_id: 'a', updated_at: 1, channel: 'slack' })],
      ['b', entry({ session_id: 'b', updated_at: 1, channel: 'slack' })],
      ['c', entry({ session_id: 'c', updated_at: 1, channel: 'cli' })],
    ]);
    expect(listIndexedChannels(index)).toEqual(['cli', 'slack']);
    index = applySessionChanges(index, [{ key: 'a', entry: null }, { key: 'c', entry: entry({ session_id: 'c', updated_at: 2, channel: 'telegram' }) }]);
    expect(listIndexedChannels(index)).toEqual(['slack', 'telegram']);
    index = applySessionChanges(index, [{ key: 'b', entry: null }]);
    expect(listIndexedChannels(index)).toEqual(['telegram']);
  });

  it('shows the rows the gateway pages would, for every sort and filter', () => {
    const entries = Array.from({ length: 80 }, (_, i) => [`agent:main:telegram:direct:${i}`, makeEntry(i)] as [string, SessionEntry]);
    const index = createSessionIndex(entries);
    const source = { entries: () => new Map(entries), version: () => 1, changedSince: () => undefined };
    const pager = createSessionPager();
    const queries: Array<Partial<SessionQuery>> = [{}, { search: 'CHAT 1' }, { channel: 'slack' }, { chatType: 'group', search: 'direct:1' }];
    for (const sort of SORTS) {
      for (const partial of queries) {
        const query: SessionQuery = {
          ...DEFAULT_SESSION_QUERY,
          ...partial,
          sort: sort.replace('-', '') as SessionQuery['sort'],
          direction: sort.startsWith('-') ? 'desc' : 'asc',
        };
        const page = pager.page(source, {
          sort,
          ...(query.search ? { q: query.search } : {}),
          ...(query.channel ? { channel: query.channel } : {}),
          ...(query.chatType ? { chat_type: query.chatType as 'group' } : {}),
        });
        expect(resolveSessionRows(index, query).map((row) => row.key), `${sort} ${JSON.stringify(partial)}`).toEqual(page.keys);
      }
    }
  });
});
