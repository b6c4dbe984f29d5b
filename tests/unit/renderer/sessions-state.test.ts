import { describe, expect, it } from 'vitest';
import { SessionEntrySchema } from '../../../src-shared/sessions/entry.js';
import { INITIAL_SESSIONS_STATE, reduceSessions, type SessionsAction } from '../../../src-renderer/features/sessions/sessions-state.js';

// A variable, so TypeScript reads it as a session key rather than Object's `constructor` member.
const CONSTRUCTOR: string = 'constructor';

const entry = (id: string, updatedAt: number) => SessionEntrySchema.parse({ session_id: id, updated_at: updatedAt });

function run(actions: SessionsAction[]) {
  return actions.reduce(reduceSessions, INITIAL_SESSIONS_STATE);
}

describe('sessions state', () => {
  it('keeps events that arrive while a load is in flight', () => {
    const state = run([
      { type: 'load-start' },
      { type: 'updated', sessions: { fresh: entry('f', 50) } },
      { type: 'deleted', keys: ['gone'] },
      { type: 'load-ok', sessions: { gone: entry('g', 10), kept: entry('k', 10) } },
    ]);
    expect(Object.keys(state.sessions).sort()).toEqual(['fresh', 'kept']);
    expect(state.phase).toBe('ready');
  });

  it('does not roll an entry back to an older update replayed over a fresher load', () => {
    const state = run([
      { type: 'load-start' },
      { type: 'updated', sessions: { k: entry('old', 10) } },
      { type: 'load-ok', sessions: { k: entry('new', 20) } },
    ]);
    expect(state.sessions.k?.session_id).toBe('new');
  });

  it('reports a failed first load as an error', () => {
    const state = run([{ type: 'load-start' }, { type: 'load-error', message: 'boom' }]);
    expect(state).toMatchObject({ phase: 'error', error: 'boom' });
  });

  it('keeps showing loaded sessions when a refresh fails, with the error alongside', () => {
    const state = run([
      { type: 'load-start' },
      { type: 'load-ok', sessions: { k: entry('k', 1) } },
      { type: 'load-start' },
      { type: 'load-error', message: 'offline' },
    ]);
    expect(state).toMatchObject({ phase: 'ready', error: 'offline' });
    expect(Object.keys(state.sessions)).toEqual(['k']);
  });

  it('treats sessions named like Object.prototype members (constructor, __proto__) as ordinary sessions', () => {
    // As the gateway's frames arrive: JSON.parse makes `__proto__` an own key.
    const frame = (json: string) => JSON.parse(json) as Record<string, ReturnType<typeof entry>>;
    const state = run([
      { type: 'load-start' },
      { type: 'load-ok', sessions: frame(`{"__proto__":${JSON.stringify(entry('p1', 10))}}`) },
      { type: 'updated', sessions: frame(`{"constructor":${JSON.stringify(entry('c1', 20))},"__proto__":${JSON.stringify(entry('p2', 30))}}`) },
    ]);
    expect(Object.keys(state.sessions).sort()).toEqual(['__proto__', 'constructor']);
    expect([state.sessions[CONSTRUCTOR]?.session_id, state.sessions['__proto__']?.session_id]).toEqual(['c1', 'p2']);
    const deleted = reduceSessions(state, { type: 'deleted', keys: ['__proto__', 'toString'] });
    expect(Object.keys(deleted.sessions)).toEqual(['constructor']);
    expect(deleted.sessions.toString).toBeUndefined();
  });
});
