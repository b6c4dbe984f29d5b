import type { ConfigIssue } from '../../../src-shared/config/snapshot.js';
import type { ConfigResponse, ConfigSnapshotResponse } from '../../../src-shared/protocol/http.js';

export interface ConfigNotice {
  kind: 'reloaded' | 'invalid';
  at: number;
  message: string;
}

export interface ConfigState {
  phase: 'loading' | 'ready' | 'error';
  snapshot: ConfigSnapshotResponse | null;
  effective: ConfigResponse | null;
  error: string | null;
  /** Issues announced by `config.invalid` before the fresh snapshot arrives. */
  announcedIssues: ConfigIssue[] | null;
  notice: ConfigNotice | null;
}

export type ConfigAction =
  | { type: 'load-ok'; snapshot: ConfigSnapshotResponse; effective: ConfigResponse }
  | { type: 'load-error'; message: string }
  | { type: 'reloaded'; at: number; changed: string[]; restarted: boolean }
  | { type: 'invalid'; at: number; issues: ConfigIssue[] };

export const INITIAL_CONFIG_STATE: ConfigState = {
  phase: 'loading',
  snapshot: null,
  effective: null,
  error: null,
  announcedIssues: null,
  notice: null,
};

function describeReload(changed: string[], restarted: boolean): string {
  const sections = changed.length ? `changed: ${changed.join(', ')}` : 'no section changed';
  return `Config reloaded (${sections})${restarted ? '; the gateway listener restarted' : ''}.`;
}

/** Reduces loads and `config.*` events into what the config view shows. */
export function reduceConfig(state: ConfigState, action: ConfigAction): ConfigState {
  switch (action.type) {
    case 'load-ok':
      return { ...state, phase: 'ready', snapshot: action.snapshot, effective: action.effective, error: null, announcedIssues: null };
    case 'load-error':
      return { ...state, phase: state.phase === 'ready' ? 'ready' : 'error', error: action.message };
    case 'reloaded':
      return {
        ...state,
        announcedIssues: null,
        notice: { kind: 'reloaded', at: action.at, message: describeReload(action.changed, action.restarted) },
      };
    case 'invalid':
      return {
        ...state,
        announcedIssues: action.issues,
        notice: {
          kind: 'invalid',
          at: action.at,
          message: 'The config file has errors; the gateway keeps running with the last good config until you fix them.',
        },
      };
  }
}
