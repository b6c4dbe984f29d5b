import { describe, expect, it } from 'vitest';
import { createInMemorySessionStore, getDefaultAcpSessionStore } from '../../../src-main/core/sessions/index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('InMemorySessionStore', () => {
  it('creates a session with a random UUID and the injected clock', () => {
    const store = createInMemorySessionStore(() => 1234);
    const session = store.createSession('agent:main:acp:1', '/work');
    expect(session).toEqual({
      session_id: expect.stringMatching(UUID),
      session_key: 'agent:main:acp:1',
      cwd: '/work',
      created_at: 1234,
      active_run_id: null,
      abort_controller: null,
    });
    expect(store.getSession(session.session_id)).toEqual(session);
  });

  it('uses a given session id and refuses a duplicate', () => {
    const store = createInMemorySessionStore();
    store.createSession('k', '/', 'fixed');
    expect(() => store.createSession('k2', '/', 'fixed')).toThrow(
      'ACP session "fixed" already exists; pick another id or reuse it with getSession',
    );
    expect(store.getSession('fixed')?.session_key).toBe('k');
  });

  it('returns undefined for unknown sessions and runs', () => {
    const store = createInMemorySessionStore();
    expect(store.getSession('nope')).toBeUndefined();
    expect(store.getSessionByRunId('nope')).toBeUndefined();
  });

  it('finds a session by its active run', () => {
    const store = createInMemorySessionStore();
    store.createSession('k', '/', 's1');
    const controller = new AbortController();
    store.setActiveRun('s1', 'run-1', controller);
    expect(store.getSessionByRunId('run-1')).toMatchObject({ session_id: 's1', active_run_id: 'run-1', abort_controller: controller });
  });

  it('replacing the active run forgets the previous run id without aborting it', () => {
    const store = createInMemorySessionStore();
    store.createSession('k', '/', 's1');
    const first = new AbortController();
    store.setActiveRun('s1', 'run-1', first);
    store.setActiveRun('s1', 'run-2', new AbortController());
    expect(store.getSessionByRunId('run-1')).toBeUndefined();
    expect(store.getSessionByRunId('run-2')?.session_id).toBe('s1');
    expect(first.signal.aborted).toBe(false);
  });

  it('refuses to start a run on an unknown session', () => {
    const store = createInMemorySessionStore();
    expect(() => store.setActiveRun('ghost', 'run-1', new AbortController())).toThrow(
      'Cannot start run "run-1": ACP session "ghost" does not exist',
    );
  });

  it('clearActiveRun forgets the run without aborting it', () => {
    const store = createInMemorySessionStore();
    store.createSession('k', '/', 's1');
    const controller = new AbortController();
    store.setActiveRun('s1', 'run-1', controller);
    store.clearActiveRun('s1');
    expect(store.getSession('s1')).toMatchObject({ active_run_id: null, abort_controller: null });
    expect(store.getSessionByRunId('run-1')).toBeUndefined();
    expect(controller.signal.aborted).toBe(false);
  });

  it('cancelActiveRun aborts the controller, clears the run and returns true', () => {
    const store = createInMemorySessionStore();
    store.createSession('k', '/', 's1');
    const controller = new AbortController();
    store.setActiveRun('s1', 'run-1', controller);
    expect(store.cancelActiveRun('s1')).toBe(true);
    expect(controller.signal.aborted).toBe(true);
    expect(store.getSession('s1')?.active_run_id).toBeNull();
    expect(store.getSessionByRunId('run-1')).toBeUndefined();
  });

  it('cancelActiveRun returns false without a run or session', () => {
    const store = createInMemorySessionStore();
    store.createSession('k', '/', 's1');
    expect(store.cancelActiveRun('s1')).toBe(false);
    expect(store.cancelActiveRun('ghost')).toBe(false);
  });

  it('clearAllSessionsForTest drops sessions and runs', () => {
    const store = createInMemorySessionStore();
    store.createSession('k', '/', 's1');
    store.setActiveRun('s1', 'run-1', new AbortController());
    store.clearAllSessionsForTest();
    expect(store.getSession('s1')).toBeUndefined();
    expect(store.getSessionByRunId('run-1')).toBeUndefined();
  });

  it('the default store is created once, on first use', () => {
    expect(getDefaultAcpSessionStore()).toBe(getDefaultAcpSessionStore());
  });
});
