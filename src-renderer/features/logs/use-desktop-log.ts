import { useCallback, useEffect, useReducer, useRef } from 'react';
import { DesktopLogSchema, type DesktopApi, type DesktopLog } from '../../../src-shared/desktop-api.js';
import { describeError } from '../../lib/describe-error.js';
import { INITIAL_LOG_VIEW_STATE, replaceLines, type LogViewState } from './log-lines.js';

/** Reads the desktop app's own log. */
export type DesktopLogReader = () => Promise<DesktopLog>;

/** The desktop app's log reader when the bridge offers one (older app builds do not); undefined in a browser. */
export function resolveDesktopLogReader(api: DesktopApi | undefined): DesktopLogReader | undefined {
  const read = (api as Partial<DesktopApi> | undefined)?.readDesktopLog;
  if (typeof read !== 'function') return undefined;
  // The preload validates results already; parsing again keeps an older app build's answer from breaking the page.
  return async () => DesktopLogSchema.parse(await read.call(api));
}

export interface DesktopLogState extends LogViewState {
  phase: 'loading' | 'ready' | 'error';
  file: string | null;
  error: string | null;
}

type Action = { type: 'start' } | { type: 'ok'; result: Awaited<ReturnType<DesktopLogReader>> } | { type: 'error'; message: string };

const INITIAL: DesktopLogState = { ...INITIAL_LOG_VIEW_STATE, phase: 'loading', file: null, error: null };

function reduce(state: DesktopLogState, action: Action): DesktopLogState {
  switch (action.type) {
    case 'start':
      return state.phase === 'ready' ? state : { ...state, phase: 'loading', error: null };
    case 'ok':
      return { ...state, ...replaceLines(state, action.result.lines), phase: 'ready', file: action.result.file, error: null };
    case 'error':
      return { ...state, phase: state.phase === 'ready' ? 'ready' : 'error', error: action.message };
  }
}

/** The desktop app's log, read when `read` is given (on mount and on reload); it has no live feed, so Refresh reads it again. */
export function useDesktopLog(read: DesktopLogReader | undefined): DesktopLogState & { reload(): void } {
  const [state, dispatch] = useReducer(reduce, INITIAL);
  // A slow read answering after a newer one must not replace its lines.
  const generation = useRef(0);
  const reload = useCallback(() => {
    if (!read) return;
    generation.current += 1;
    const mine = generation.current;
    dispatch({ type: 'start' });
    read().then(
      (result) => mine === generation.current && dispatch({ type: 'ok', result }),
      (error: unknown) => mine === generation.current && dispatch({ type: 'error', message: describeError(error) }),
    );
  }, [read]);
  useEffect(reload, [reload]);
  return { ...state, reload };
}
