import type { SessionStoreRecovery } from '../../../src-shared/protocol/http.js';
import { createEmptySessionStore, type SessionEntry, type SessionStore } from '../../../src-shared/sessions/entry.js';

export type SessionsAction =
  | { type: 'load-start' }
  | { type: 'load-ok'; sessions: SessionStore; recovery?: SessionStoreRecovery }
  | { type: 'load-error'; message: string }
  | { type: 'updated'; sessions: SessionStore }
  | { type: 'deleted'; keys: string[] };

export interface SessionsState {
  phase: 'loading' | 'ready' | 'error';
  sessions: SessionStore;
  error: string | null;
  /** Events received while a load is in flight, replayed on top of its result so none is lost. */
  replay: SessionsAction[] | null;
  /** The unreadable store the gateway moved aside, as the last load reported it. */
  recovery: SessionStoreRecovery | null;
}

export const INITIAL_SESSIONS_STATE: SessionsState = { phase: 'loading', sessions: createEmptySessionStore(), error: null, replay: null, recovery: null };

/**
 * A shallow copy without a prototype, like the gateway's store objects: on a plain object a session
 * named `constructor` would read as Object's member and one named `__proto__` would set the prototype.
 */
function copySessions(sessions: SessionStore): SessionStore {
  return Object.setPrototypeOf({ ...sessions }, null) as SessionStore;
}

function applyUpdate(sessions: SessionStore, updates: SessionStore): SessionStore {
  const next = copySessions(sessions);
  for (const [key, entry] of Object.entries(updates)) {
    const known: SessionEntry | undefined = next[key];
    // An update older than what a fresher load already returned would roll the entry back.
    if (!known || entry.updated_at >= known.updated_at) next[key] = entry;
  }
  return next;
}

function applyDelete(sessions: SessionStore, keys: string[]): SessionStore {
  const next = copySessions(sessions);
  for (const key of keys) delete next[key];
  return next;
}

function applyChange(sessions: SessionStore, action: SessionsAction): SessionStore {
  if (action.type === 'updated') return applyUpdate(sessions, action.sessions);
  if (action.type === 'deleted') return applyDelete(sessions, action.keys);
  return sessions;
}

/** Reduces loads and live events into the sessions the view shows. */
export function reduceSessions(state: SessionsState, action: SessionsAction): SessionsState {
  switch (action.type) {
    case 'load-start':
      return { ...state, phase: state.phase === 'ready' ? 'ready' : 'loading', replay: [] };
    case 'load-ok': {
      const sessions = (state.replay ?? []).reduce(applyChange, copySessions(action.sessions));
      return { phase: 'ready', sessions, error: null, replay: null, recovery: action.recovery ?? null };
    }
    case 'load-error':
      return { ...state, phase: state.phase === 'ready' ? 'ready' : 'error', error: action.message, replay: null };
    case 'updated':
    case 'deleted':
      return {
        ...state,
        sessions: applyChange(state.sessions, action),
        replay: state.replay ? [...state.replay, action] : null,
      };
  }
}
