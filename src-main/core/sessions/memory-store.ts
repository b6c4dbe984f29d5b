import { randomUUID } from 'node:crypto';

/** An in-process session of an ACP client or sub-agent; never written to disk. */
export interface AcpSession {
  readonly session_id: string;
  readonly session_key: string;
  readonly cwd: string;
  /** Milliseconds since the epoch. */
  readonly created_at: number;
  readonly active_run_id: string | null;
  readonly abort_controller: AbortController | null;
}

/** Sessions of ACP clients and sub-agents, with at most one active (cancellable) run each. */
export class InMemorySessionStore {
  private readonly sessions = new Map<string, AcpSession>();
  private readonly sessionIdByRunId = new Map<string, string>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Creates a session (id: `sessionId`, else a random UUID); throws when that id is already in use. */
  createSession(sessionKey: string, cwd: string, sessionId: string = randomUUID()): AcpSession {
    if (this.sessions.has(sessionId)) throw new Error(`ACP session "${sessionId}" already exists; pick another id or reuse it with getSession`);
    const session: AcpSession = {
      session_id: sessionId,
      session_key: sessionKey,
      cwd,
      created_at: this.now(),
      active_run_id: null,
      abort_controller: null,
    };
    this.sessions.set(sessionId, session);
    return session;
  }

  /** Returns the session, or undefined when unknown. */
  getSession(sessionId: string): AcpSession | undefined {
    return this.sessions.get(sessionId);
  }

  /** Returns the session whose active run has this id, or undefined. */
  getSessionByRunId(runId: string): AcpSession | undefined {
    const sessionId = this.sessionIdByRunId.get(runId);
    return sessionId === undefined ? undefined : this.sessions.get(sessionId);
  }

  /** Marks `runId` as the session's active run (replacing any previous one without aborting it); throws for an unknown session. */
  setActiveRun(sessionId: string, runId: string, abortController: AbortController): AcpSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`Cannot start run "${runId}": ACP session "${sessionId}" does not exist`);
    if (session.active_run_id !== null) this.sessionIdByRunId.delete(session.active_run_id);
    const next: AcpSession = { ...session, active_run_id: runId, abort_controller: abortController };
    this.sessions.set(sessionId, next);
    this.sessionIdByRunId.set(runId, sessionId);
    return next;
  }

  /** Forgets the session's active run without aborting it; does nothing for an unknown session or one without a run. */
  clearActiveRun(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (!session || session.active_run_id === null) return;
    this.sessionIdByRunId.delete(session.active_run_id);
    this.sessions.set(sessionId, { ...session, active_run_id: null, abort_controller: null });
  }

  /** Aborts and clears the session's active run; false when the session is unknown or has no active run. */
  cancelActiveRun(sessionId: string): boolean {
    const session = this.sessions.get(sessionId);
    if (!session || session.active_run_id === null) return false;
    this.clearActiveRun(sessionId);
    session.abort_controller?.abort();
    return true;
  }

  /** Drops every session and run. */
  clearAllSessionsForTest(): void {
    this.sessions.clear();
    this.sessionIdByRunId.clear();
  }
}

/** Builds an empty in-memory session store; `now` (default Date.now) stamps created_at. */
export function createInMemorySessionStore(now?: () => number): InMemorySessionStore {
  return new InMemorySessionStore(now);
}

let defaultAcpSessionStore: InMemorySessionStore | undefined;

/** Returns the process-wide ACP session store, created on first call. */
export function getDefaultAcpSessionStore(): InMemorySessionStore {
  defaultAcpSessionStore ??= createInMemorySessionStore();
  return defaultAcpSessionStore;
}
