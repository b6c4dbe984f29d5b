import type { Api } from 'grammy';
import type { TypingMode } from '../../../src-shared/types/base.js';
import { resolveApiChatId } from './inbound.js';

// Telegram shows "typing…" for 5 s per sendChatAction; refreshing a little sooner keeps it steady.
export const TYPING_REFRESH_MS = 4_000;
// A run that never ends must not keep the indicator (and its timer) alive forever.
export const TYPING_MAX_MS = 5 * 60_000;

export interface TypingIndicator {
  /** The run produced its first output (starts the indicator in `thinking` and `message` modes). */
  output(): void;
  stop(): void;
}

/**
 * Starts the typing indicator per typing_mode: `instant` at once, `thinking` and `message` at the
 * run's first output (the agent streams no separate reasoning, so both start there), `never` not
 * at all; refreshed every 4 s until stopped (at most 5 min). Failures are ignored: the indicator is
 * a courtesy.
 */
export function startTypingIndicator(api: Api, chatId: string, threadId: number | undefined, mode: TypingMode): TypingIndicator {
  let interval: NodeJS.Timeout | undefined;
  let cap: NodeJS.Timeout | undefined;
  let stopped = false;
  const ping = (): void => {
    void api.sendChatAction(resolveApiChatId(chatId), 'typing', threadId === undefined ? {} : { message_thread_id: threadId }).catch(() => {
      // A missing indicator is harmless; the answer itself reports real errors.
    });
  };
  const start = (): void => {
    if (stopped || interval) return;
    ping();
    interval = setInterval(ping, TYPING_REFRESH_MS);
    cap = setTimeout(indicator.stop, TYPING_MAX_MS);
  };
  const indicator: TypingIndicator = {
    output() {
      if (mode === 'thinking' || mode === 'message') start();
    },
    stop() {
      stopped = true;
      if (interval) clearInterval(interval);
      if (cap) clearTimeout(cap);
    },
  };
  if (mode === 'instant') start();
  return indicator;
}
