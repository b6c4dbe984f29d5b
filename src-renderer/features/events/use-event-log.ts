import { useCallback, useSyncExternalStore } from 'react';
import type { EventLog, EventLogEntry } from './event-log.js';

export const EVENT_LOG_RENDER_THROTTLE_MS = 200;

/** The log's entries, re-rendering at most every `throttleMs` however fast frames arrive. */
export function useEventLogEntries(log: EventLog, throttleMs = EVENT_LOG_RENDER_THROTTLE_MS): readonly EventLogEntry[] {
  const subscribe = useCallback(
    (onChange: () => void) => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const unsubscribe = log.subscribe(() => {
        if (timer !== null) return;
        timer = setTimeout(() => {
          timer = null;
          onChange();
        }, throttleMs);
      });
      return () => {
        if (timer !== null) clearTimeout(timer);
        unsubscribe();
      };
    },
    [log, throttleMs],
  );
  return useSyncExternalStore(subscribe, log.entries);
}
