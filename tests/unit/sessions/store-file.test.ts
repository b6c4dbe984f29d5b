import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionStore } from '../../../src-shared/sessions/entry.js';
import { createEmptySessionStore } from '../../../src-shared/sessions/entry.js';
import { setOwnProperty } from '../../../src-shared/utils/common.js';
import { patchStoreChunks, serializeStoreChunks, type StoreFragmentCache } from '../../../src-main/core/sessions/store-file.js';
import { createSessionStore } from '../../../src-main/core/sessions/index.js';
import { loadedEntry, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

function storeOf(entries: Array<[string, ReturnType<typeof loadedEntry>]>): SessionStore {
  const store = createEmptySessionStore();
  for (const [key, entry] of entries) setOwnProperty(store, key, entry);
  return store;
}

describe('serializeStoreChunks', () => {
  it('gives exactly the bytes of indented JSON.stringify, odd keys, nesting and unreadable entries included', () => {
    const store = storeOf([
      ['agent:main:telegram:direct:1', loadedEntry('s-1', 1, { label: 'Zoë "quoted"\n', origin: { provider: 'telegram', extra: {} } })],
      ['42', loadedEntry('s-2', 2, { extra: { list: [1, [], { deep: null }], empty: {} } })],
      ['__proto__', loadedEntry('s-3', 3)],
      ['emoji 🦀', loadedEntry('s-4', 4)],
    ]);
    const unreadable = new Map<string, unknown>([
      ['odd', { session_id: 7 }],
      ['42', 'overridden by the readable entry'],
    ]);
    const expected = `${JSON.stringify({ ...Object.fromEntries(Object.entries(store)), odd: { session_id: 7 } }, null, 2)}\n`;
    expect(Buffer.concat(serializeStoreChunks(store, unreadable, new WeakMap(), new Map())).toString('utf8')).toBe(expected);
    expect(Buffer.concat(serializeStoreChunks(createEmptySessionStore(), new Map(), new WeakMap(), new Map())).toString('utf8')).toBe('{}\n');
  });

  it('reuses the chunk of an unchanged entry and serialises a replaced one afresh', () => {
    const fragments: StoreFragmentCache = new WeakMap();
    const a = loadedEntry('s-a', 1);
    const store = storeOf([['a', a], ['b', loadedEntry('s-b', 1)]]);
    const first = serializeStoreChunks(store, new Map(), fragments, new Map());
    store.b = loadedEntry('s-b', 2);
    const second = serializeStoreChunks(store, new Map(), fragments, new Map());
    expect(second[1]).toBe(first[1]);
    expect(second[3]).not.toBe(first[3]);
    expect(JSON.parse(Buffer.concat(second).toString('utf8'))).toEqual({ a, b: loadedEntry('s-b', 2) });
  });
});

describe('patchStoreChunks', () => {
  it('replaces just the changed entries, giving the bytes a fresh serialisation gives, and refuses a key that came or went', () => {
    const fragments: StoreFragmentCache = new WeakMap();
    const index = new Map<string, number>();
    const store = storeOf([['a', loadedEntry('s-a', 1)], ['__proto__', loadedEntry('s-p', 1)], ['c', loadedEntry('s-c', 1)]]);
    const unreadable = new Map<string, unknown>([['odd', { session_id: 7 }]]);
    const chunks = serializeStoreChunks(store, unreadable, fragments, index);
    const untouched = chunks[1];
    store['__proto__'] = loadedEntry('s-p', 2, { label: 'Zoë' });
    expect(patchStoreChunks(chunks, index, store, ['__proto__'], fragments)).toBe(true);
    expect(chunks[1]).toBe(untouched);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(Buffer.concat(serializeStoreChunks(store, unreadable, new WeakMap(), new Map())).toString('utf8'));
    const before = [...chunks];
    store.d = loadedEntry('s-d', 1);
    expect(patchStoreChunks(chunks, index, store, ['d'], fragments)).toBe(false);
    delete store.c;
    expect(patchStoreChunks(chunks, index, store, ['c'], fragments)).toBe(false);
    expect(chunks).toEqual(before);
  });
});

describe('writes through a handle', () => {
  it('leave the file byte for byte as indented JSON, after many updates of single entries', async () => {
    const storePath = path.join(await tempDir(), 'sessions.json');
    const handle = createSessionStore();
    for (let i = 0; i < 20; i++) await handle.update(storePath, (store) => void (store[`k${i % 7}`] = loadedEntry(`s-${i}`, i, { label: `n${i}` })));
    const text = await readFile(storePath, 'utf8');
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    expect(Object.keys(JSON.parse(text) as object)).toHaveLength(7);
  });
});
