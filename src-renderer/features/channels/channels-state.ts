import type { ApprovedSender, PairingRequest } from '../../../src-shared/telegram/pairing.js';
import type { TelegramStatus } from '../../../src-shared/telegram/status.js';

// The Channels view's data as a pure reducer: the Telegram status, the pending pairings and the
// paired users, kept current from telegram.status / pairing.* events between loads.

export interface ChannelsState {
  phase: 'loading' | 'ready' | 'error';
  status: TelegramStatus | null;
  pairings: PairingRequest[];
  /** Codes with an approve or deny in flight. */
  busy: string[];
  /** The last refused decision, by code, in the gateway's words. */
  errors: Record<string, string>;
  loadError: string | null;
  /** Senders on each bot's paired list, in approval order; null until read. */
  approved: ApprovedSender[] | null;
  /** Why the paired list could not be read (the rest of the page still works). */
  approvedError: string | null;
}

export const INITIAL_CHANNELS_STATE: ChannelsState = {
  phase: 'loading',
  status: null,
  pairings: [],
  busy: [],
  errors: {},
  loadError: null,
  approved: null,
  approvedError: null,
};

export type ChannelsAction =
  | { type: 'load-start' }
  | { type: 'load-ok'; status: TelegramStatus; pairings: PairingRequest[] }
  | { type: 'load-error'; message: string }
  | { type: 'status'; status: TelegramStatus }
  | { type: 'requested'; request: PairingRequest }
  | { type: 'resolved'; code: string }
  | { type: 'decide-start'; code: string }
  | { type: 'decide-error'; code: string; message: string }
  | { type: 'approved'; users: ApprovedSender[] }
  | { type: 'approved-error'; message: string }
  | { type: 'revoked'; user: Pick<ApprovedSender, 'account_id' | 'user_id'> };

const without = <T>(list: readonly T[], item: T): T[] => list.filter((entry) => entry !== item);

/** Applies one action to the Channels state. */
export function reduceChannels(state: ChannelsState, action: ChannelsAction): ChannelsState {
  switch (action.type) {
    case 'load-start':
      return { ...state, loadError: null, phase: state.phase === 'ready' ? 'ready' : 'loading' };
    case 'load-ok':
      return { ...state, phase: 'ready', status: action.status, pairings: action.pairings, loadError: null };
    case 'load-error':
      return { ...state, phase: state.phase === 'ready' ? 'ready' : 'error', loadError: action.message };
    case 'status':
      return { ...state, status: action.status };
    case 'requested':
      if (state.pairings.some((request) => request.code === action.request.code)) return state;
      return { ...state, pairings: [...state.pairings, action.request] };
    case 'resolved': {
      const { [action.code]: _dropped, ...errors } = state.errors;
      return { ...state, pairings: state.pairings.filter((request) => request.code !== action.code), busy: without(state.busy, action.code), errors };
    }
    case 'decide-start': {
      const { [action.code]: _dropped, ...errors } = state.errors;
      return { ...state, busy: [...without(state.busy, action.code), action.code], errors };
    }
    case 'decide-error':
      return { ...state, busy: without(state.busy, action.code), errors: { ...state.errors, [action.code]: action.message } };
    case 'approved':
      return { ...state, approved: action.users, approvedError: null };
    case 'approved-error':
      return { ...state, approvedError: action.message };
    case 'revoked':
      if (!state.approved) return state;
      return { ...state, approved: state.approved.filter((user) => user.account_id !== action.user.account_id || user.user_id !== action.user.user_id) };
  }
}
