import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionListResponse } from '../../../src-shared/protocol/http.js';
import { TestClient, httpRequest, sessionEntry, startTestGateway, waitFor, type TestGateway } from './helpers.js';

// 25 sessions: three channels, two chat types, updated one second apart (k00 oldest), a few without a label.
const STORE = Object.fromEntries(
  Array.from({ length: 25 }, (_, i) => {
    const key = `agent:main:${['telegram', 'slack', 'cli'][i % 3]}:k${String(i).padStart(2, '0')}`;
    return [
      key,
      sessionEntry(`s-${i}`, {
        updated_at: 1_700_000_000_000 + i * 1000,
        channel: ['telegram', 'slack', 'cli'][i % 3],
        chat_type: i % 2 === 0 ? 'direct' : 'group',
        ...(i % 5 === 0 ? {} : { label: `Chat ${String.fromCharCode(65 + ((i * 7) % 26))}${i}` }),
        total_tokens: (i * 37) % 11,
      }),
    ];
  }),
);

async function list(gateway: TestGateway, query: string): Promise<{ status: number; body: SessionListResponse & { error?: { message: string } }; etag?: string }> {
  const res = await httpRequest(`${gateway.url}api/sessions${query}`);
  return { status: res.status, body: res.json as SessionListResponse & { error?: { message: string } }, etag: res.headers.etag };
}

/** Follows next_cursor from the first page to the last, returning every key in order. */
async function walk(gateway: TestGateway, query: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | null | undefined;
  do {
    const { status, body } = await list(gateway, `?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(status).toBe(200);
    expect(Object.keys(body.sessions).sort()).toEqual([...(body.keys ?? [])].sort());
    expect(body.count).toBe(body.keys?.length);
    keys.push(...(body.keys ?? []));
    cursor = body.next_cursor;
  } while (cursor);
  return keys;
}

describe('GET /api/sessions pages', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ store: STORE });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('without paging parameters lists every session, as before, with no page fields', async () => {
    const { body } = await list(gateway, '');
    expect(body.count).toBe(25);
    expect(body).not.toHaveProperty('keys');
    expect(body).not.toHaveProperty('next_cursor');
  });

  it('limit alone gives the most recently updated first, with the total and a cursor to the next page', async () => {
    const { body } = await list(gateway, '?limit=3');
    expect(body.keys).toEqual(['agent:main:telegram:k24', 'agent:main:cli:k23', 'agent:main:slack:k22']);
    expect(body.total).toBe(25);
    expect(typeof body.next_cursor).toBe('string');
  });

  it('following next_cursor visits every session once, in sort order, ending with a null cursor', async () => {
    const keys = await walk(gateway, 'limit=4&sort=updated_at');
    expect(keys).toEqual(Object.keys(STORE));
  });

  it('sorts by a text field, sessions without it last in either direction, ties by key', async () => {
    const ascending = await walk(gateway, 'limit=7&sort=label');
    const descending = await walk(gateway, 'limit=7&sort=-label');
    const unlabelled = Object.keys(STORE).filter((key) => STORE[key]?.label === undefined);
    expect(ascending.slice(-unlabelled.length)).toEqual(unlabelled.sort());
    expect(descending.slice(-unlabelled.length)).toEqual(unlabelled.sort());
    expect(descending.slice(0, -unlabelled.length)).toEqual(ascending.slice(0, -unlabelled.length).reverse());
  });

  it('filters by channel, chat type and text, counting only the matches', async () => {
    const { body } = await list(gateway, '?channel=slack&chat_type=group&limit=100');
    expect(body.keys).toEqual(['agent:main:slack:k19', 'agent:main:slack:k13', 'agent:main:slack:k07', 'agent:main:slack:k01']);
    expect(body.total).toBe(4);
    expect(body.next_cursor).toBeNull();
    const search = await list(gateway, '?q=CHAT%20K');
    expect(search.body.keys).toEqual(Object.keys(STORE).filter((key) => STORE[key]?.label?.startsWith('Chat K')).reverse());
  });

  it('refuses an unknown parameter, a bad limit or sort, and a cursor of another sort, saying what to send', async () => {
    const unknown = await list(gateway, '?order=asc');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.message).toContain('order');
    expect((await list(gateway, '?limit=0')).status).toBe(400);
    expect((await list(gateway, '?limit=1001')).status).toBe(400);
    expect((await list(gateway, '?sort=colour')).body.error?.message).toContain('sort');
    const first = await list(gateway, '?limit=2&sort=key');
    const mixed = await list(gateway, `?sort=label&cursor=${encodeURIComponent(first.body.next_cursor ?? '')}`);
    expect(mixed.status).toBe(400);
    expect(mixed.body.error?.message).toContain('sort=key');
    const forged = await list(gateway, '?cursor=not-a-cursor');
    expect(forged.status).toBe(400);
    expect(forged.body.error?.message).toContain('pass the next_cursor of the previous page unchanged');
  });

  it('a page has its own ETag, answered with 304 until the store changes', async () => {
    const first = await list(gateway, '?limit=2');
    const other = await list(gateway, '?limit=3');
    expect(first.etag).not.toBe(other.etag);
    const again = await httpRequest(`${gateway.url}api/sessions?limit=2`, { headers: { 'If-None-Match': first.etag ?? '' } });
    expect(again.status).toBe(304);
  });
});

describe('sessions.list pages and live deltas', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ store: STORE });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('pages like GET /api/sessions, and a change arrives as session.updated with just that session', async () => {
    const { client } = await TestClient.connect(gateway.url);
    try {
      const page = await client.request('sessions.list', { limit: 2, channel: 'cli' });
      expect((page.result as SessionListResponse).keys).toEqual(['agent:main:cli:k23', 'agent:main:cli:k20']);
      const bad = await client.request('sessions.list', { limit: 'many' });
      expect(bad.error?.code).toBe('invalid_params');
      const patched = await httpRequest(`${gateway.url}api/sessions/${encodeURIComponent('agent:main:cli:k02')}`, {
        method: 'PATCH',
        body: JSON.stringify({ label: 'Moved up' }),
        headers: { 'Content-Type': 'application/json' },
      });
      expect(patched.status).toBe(200);
      await waitFor(() => client.frames.some((f) => f.type === 'event' && f.event === 'session.updated'), 4_000, 'session.updated');
      const event = client.frames.find((f) => f.type === 'event' && f.event === 'session.updated');
      expect(Object.keys((event?.params as { sessions: Record<string, unknown> }).sessions)).toEqual(['agent:main:cli:k02']);
      // The patch bumped updated_at: the session now leads its channel's first page.
      const after = await client.request('sessions.list', { limit: 2, channel: 'cli' });
      expect((after.result as SessionListResponse).keys).toEqual(['agent:main:cli:k02', 'agent:main:cli:k23']);
    } finally {
      client.close();
    }
  });
});

describe('sorted pages after changes', () => {
  const SORTS = ['label', '-label', '-tokens', 'updated_at', 'channel', '-key'];

  async function patch(gateway: TestGateway, key: string, body: unknown): Promise<void> {
    const res = await httpRequest(`${gateway.url}api/sessions/${encodeURIComponent(key)}`, {
      method: 'PATCH',
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(200);
  }

  it('are the pages a gateway started on the changed store gives: patched, deleted and externally added sessions in their places', async () => {
    const gateway = await startTestGateway({ store: STORE });
    let fresh: TestGateway | undefined;
    try {
      // Every order is built once before the changes, so afterwards each must follow them.
      for (const sort of SORTS) await walk(gateway, `limit=6&sort=${sort}`);
      await patch(gateway, 'agent:main:cli:k02', { label: 'Aardvark' });
      await patch(gateway, 'agent:main:slack:k07', { label: null });
      expect((await httpRequest(`${gateway.url}api/sessions/${encodeURIComponent('agent:main:telegram:k09')}`, { method: 'DELETE' })).status).toBe(200);
      const current = (await list(gateway, '')).body.sessions;
      await gateway.state.writeStore({
        ...current,
        'agent:main:slack:k04': { ...current['agent:main:slack:k04'], total_tokens: 99 },
        'agent:main:cli:added': sessionEntry('s-added', { updated_at: 1_700_000_012_500, label: 'Chat M', total_tokens: 5 }),
      } as typeof STORE);
      await waitFor(async () => (await list(gateway, '?q=s-added')).body.total === 1, 4_000, 'the added session in the list');

      const moved = await walk(gateway, 'limit=6&sort=label');
      expect(moved[0]).toBe('agent:main:cli:k02');
      expect(moved).not.toContain('agent:main:telegram:k09');
      fresh = await startTestGateway({ store: (await list(gateway, '')).body.sessions });
      for (const sort of SORTS) expect(await walk(gateway, `limit=6&sort=${sort}`), sort).toEqual(await walk(fresh, `limit=6&sort=${sort}`));
    } finally {
      await gateway.close();
      await fresh?.close();
    }
  });
});

describe('the whole list', () => {
  it('arrives whole and byte-exact over HTTP and WS for hundreds of sessions, multibyte labels included', async () => {
    const big = Object.fromEntries(
      Array.from({ length: 400 }, (_, i) => [`agent:main:telegram:big${i}`, sessionEntry(`s-big-${i}`, { updated_at: 1_700_000_000_000 + i, label: `Zoë 🦀 ${'ü'.repeat(i % 50)} ${i}` })]),
    );
    const gateway = await startTestGateway({ store: big });
    try {
      const res = await httpRequest(`${gateway.url}api/sessions`);
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
      const body = res.json as SessionListResponse;
      expect(body.count).toBe(400);
      expect(body.sessions['agent:main:telegram:big399']?.label).toBe(`Zoë 🦀 ${'ü'.repeat(399 % 50)} 399`);
      const { client } = await TestClient.connect(gateway.url);
      try {
        const listed = await client.request('sessions.list', {});
        expect(listed.result).toEqual(body);
      } finally {
        client.close();
      }
    } finally {
      await gateway.close();
    }
  });
});
