import type { SessionStoreRecovery } from '../../../src-shared/protocol/http.js';
import type { SessionStore } from '../../../src-shared/sessions/entry.js';
import { applySessionChanges, createEmptySessionIndex, type SessionChange, type SessionIndex } from './session-index.js';

export type SessionsAction =
  | { type: 'load-start' }
  /** One page of a load, in the gateway's order; `done` on the last. */
  | { type: 'load-page'; sessions: SessionStore; total: number; done: boolean; recovery?: SessionStoreRecovery }
  | { type: 'load-error'; message: string }
  | { type: 'updated'; sessions: SessionStore }
  | { type: 'deleted'; keys: string[] };

/** A load whose pages are still arriving. */
interface PagedLoad {
  /** Keys its pages listed: when the last page is in, an indexed key none listed (and no event named since) is gone. */
  listed: ReadonlySet<string>;
  /** The last event per key since the load started: a page answered before it must not undo it. */
  events: ReadonlyMap<string, 'updated' | 'deleted'>;
}

export interface SessionsState {
  phase: 'loading' | 'ready' | 'error';
  index: SessionIndex;
  /** Every session is in the index (a first load's last page arrived); until then it holds the pages so far. */
  whole: boolean;
  /** How many sessions the gateway reported with the latest page (what a partial index is heading for). */
  expected: number;
  error: string | null;
  load: PagedLoad | null;
  /** The unreadable store the gateway moved aside, as the last load reported it. */
  recovery: SessionStoreRecovery | null;
}

/** The state before the first load: a fresh index (it memoises sorted orders, so each view gets its own). */
export function createInitialSessionsState(): SessionsState {
  return { phase: 'loading', index: createEmptySessionIndex(), whole: false, expected: 0, error: null, load: null, recovery: null };
}

const NEW_LOAD: PagedLoad = { listed: new Set(), events: new Map() };

function applyPage(state: SessionsState, action: Extract<SessionsAction, { type: 'load-page' }>): SessionsState {
  const load = state.load ?? NEW_LOAD;
  const listed = new Set(load.listed);
  const changes: SessionChange[] = [];
  for (const [key, entry] of Object.entries(action.sessions)) {
    listed.add(key);
    // Deleted since the load began: this answer may predate the deletion.
    if (load.events.get(key) !== 'deleted') changes.push({ key, entry });
  }
  if (action.done) {
    for (const key of state.index.rows.keys()) {
      if (!listed.has(key) && !load.events.has(key)) changes.push({ key, entry: null });
    }
  }
  return {
    phase: 'ready',
    index: applySessionChanges(state.index, changes),
    whole: state.whole || action.done,
    expected: action.total,
    error: null,
    load: action.done ? null : { listed, events: load.events },
    recovery: action.recovery ?? null,
  };
}

function recordEvents(load: PagedLoad | null, keys: Iterable<string>, kind: 'updated' | 'deleted'): PagedLoad | null {
  if (!load) return null;
  const events = new Map(load.events);
  for (const key of keys) events.set(key, kind);
  return { ...load, events };
}

/**
 * Reduces paged loads and live events into the indexed sessions the views show: the first load shows
 * its pages as they come, a reload (after a reconnect) merges into what is shown and drops what its
 * pages no longer list; events apply at once and are remembered until the load ends, so none is lost.
 */
export function reduceSessions(state: SessionsState, action: SessionsAction): SessionsState {
  switch (action.type) {
    case 'load-start':
      return { ...state, phase: state.phase === 'ready' ? 'ready' : 'loading', load: NEW_LOAD };
    case 'load-page':
      return applyPage(state, action);
    case 'load-error':
      return { ...state, phase: state.phase === 'ready' ? 'ready' : 'error', error: action.message, load: null };
    case 'updated': {
      const changes = Object.entries(action.sessions).map(([key, entry]): SessionChange => ({ key, entry }));
      return { ...state, index: applySessionChanges(state.index, changes), load: recordEvents(state.load, Object.keys(action.sessions), 'updated') };
    }
    case 'deleted':
      return {
        ...state,
        index: applySessionChanges(
          state.index,
          action.keys.map((key): SessionChange => ({ key, entry: null })),
        ),
        load: recordEvents(state.load, action.keys, 'deleted'),
      };
  }
}
