import { describe, expect, it } from 'vitest';
import { SessionEntrySchema } from '../../../src-shared/sessions/entry.js';
import { createInitialSessionsState, reduceSessions, type SessionsAction, type SessionsState } from '../../../src-renderer/features/sessions/sessions-state.js';

// A variable, so TypeScript reads it as a session key rather than Object's `constructor` member.
const CONSTRUCTOR: string = 'constructor';

const entry = (id: string, updatedAt: number) => SessionEntrySchema.parse({ session_id: id, updated_at: updatedAt });

function run(actions: SessionsAction[]) {
  return actions.reduce(reduceSessions, createInitialSessionsState());
}

/** A whole load answered in one page. */
function loaded(sessions: Record<string, ReturnType<typeof entry>>): SessionsAction {
  return { type: 'load-page', sessions, total: Object.keys(sessions).length, done: true };
}

const keysOf = (state: SessionsState) => [...state.index.rows.keys()];
const entryOf = (state: SessionsState, key: string) => state.index.rows.get(key)?.entry;

describe('sessions state', () => {
  it('keeps events that arrive while a load is in flight', () => {
    const state = run([
      { type: 'load-start' },
      { type: 'updated', sessions: { fresh: entry('f', 50) } },
      { type: 'deleted', keys: ['gone'] },
      loaded({ gone: entry('g', 10), kept: entry('k', 10) }),
    ]);
    expect(keysOf(state).sort()).toEqual(['fresh', 'kept']);
    expect(state.phase).toBe('ready');
  });

  it('does not roll an entry back to an older update replayed over a fresher load', () => {
    const state = run([
      { type: 'load-start' },
      { type: 'updated', sessions: { k: entry('old', 10) } },
      loaded({ k: entry('new', 20) }),
    ]);
    expect(entryOf(state, 'k')?.session_id).toBe('new');
  });

  it('shows a first load page by page, saying how many sessions are on the way until the last page', () => {
    const first = run([{ type: 'load-start' }, { type: 'load-page', sessions: { a: entry('a', 30), b: entry('b', 20) }, total: 3, done: false }]);
    expect(first).toMatchObject({ phase: 'ready', whole: false, expected: 3 });
    expect(keysOf(first)).toEqual(['a', 'b']);
    const last = reduceSessions(first, { type: 'load-page', sessions: { c: entry('c', 10) }, total: 3, done: true });
    expect(last).toMatchObject({ phase: 'ready', whole: true, load: null });
    expect(keysOf(last)).toEqual(['a', 'b', 'c']);
  });

  it('a reload keeps showing the sessions, then drops those its pages no longer list, unless an event named them since', () => {
    const state = run([
      loaded({ kept: entry('k', 1), gone: entry('g', 1), born: entry('b0', 1) }),
      { type: 'load-start' },
      { type: 'load-page', sessions: { kept: entry('k', 2) }, total: 3, done: false },
      { type: 'updated', sessions: { fresh: entry('f', 5) } },
    ]);
    expect(keysOf(state).sort()).toEqual(['born', 'fresh', 'gone', 'kept']);
    expect(state.whole).toBe(true);
    const done = reduceSessions(state, { type: 'load-page', sessions: { born: entry('b1', 2) }, total: 3, done: true });
    expect(keysOf(done).sort()).toEqual(['born', 'fresh', 'kept']);
    expect(entryOf(done, 'born')?.session_id).toBe('b1');
  });

  it('a page answered before a deletion does not bring the session back', () => {
    const state = run([
      { type: 'load-start' },
      { type: 'load-page', sessions: { a: entry('a', 1) }, total: 2, done: false },
      { type: 'deleted', keys: ['b'] },
      { type: 'load-page', sessions: { b: entry('b', 1) }, total: 2, done: true },
    ]);
    expect(keysOf(state)).toEqual(['a']);
  });

  it('reports a failed first load as an error', () => {
    const state = run([{ type: 'load-start' }, { type: 'load-error', message: 'boom' }]);
    expect(state).toMatchObject({ phase: 'error', error: 'boom' });
  });

  it('keeps showing loaded sessions when a refresh fails, with the error alongside', () => {
    const state = run([
      { type: 'load-start' },
      loaded({ k: entry('k', 1) }),
      { type: 'load-start' },
      { type: 'load-error', message: 'offline' },
    ]);
    expect(state).toMatchObject({ phase: 'ready', error: 'offline' });
    expect(keysOf(state)).toEqual(['k']);
  });

  it('treats sessions named like Object.prototype members (constructor, __proto__) as ordinary sessions', () => {
    // As the gateway's frames arrive: JSON.parse makes `__proto__` an own key.
    const frame = (json: string) => JSON.parse(json) as Record<string, ReturnType<typeof entry>>;
    const state = run([
      { type: 'load-start' },
      loaded(frame(`{"__proto__":${JSON.stringify(entry('p1', 10))}}`)),
      { type: 'updated', sessions: frame(`{"constructor":${JSON.stringify(entry('c1', 20))},"__proto__":${JSON.stringify(entry('p2', 30))}}`) },
    ]);
    expect(keysOf(state).sort()).toEqual(['__proto__', 'constructor']);
    expect([entryOf(state, CONSTRUCTOR)?.session_id, entryOf(state, '__proto__')?.session_id]).toEqual(['c1', 'p2']);
    const deleted = reduceSessions(state, { type: 'deleted', keys: ['__proto__', 'toString'] });
    expect(keysOf(deleted)).toEqual(['constructor']);
    expect(entryOf(deleted, 'toString')).toBeUndefined();
  });
});
