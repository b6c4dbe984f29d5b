import type { DesktopConfig } from '../../src-shared/config/schema.js';
import { WS_EVENTS } from '../../src-shared/protocol/events.js';
import type { RuntimeEvent } from '../../src-shared/protocol/runtime-status.js';
import { describeError } from '../../src-shared/utils/common.js';

// The desktop.* section the app acts on, kept in memory: notifications consult it on every gateway
// event, so it must not cost a file read each time. It is read again only when it may have changed.

export type DesktopConfigListener = (next: DesktopConfig, previous: DesktopConfig) => void;

export interface DesktopConfigHandle {
  /** The section as last read (no I/O). */
  current(): DesktopConfig;
  /** Calls back when a re-read finds the section changed; returns the function that unsubscribes. */
  onChange(listener: DesktopConfigListener): () => void;
  /** Stops following the runtime. */
  close(): void;
}

/**
 * Whether a runtime event means desktop.* may differ from what was read: the gateway reloaded the
 * file with `desktop` among the changed sections, or the gateway came up (`wasRunning` false) after
 * the file may have been edited while it was stopped.
 */
export function isDesktopConfigChange(event: RuntimeEvent, wasRunning: boolean): boolean {
  if (event.type === 'status') return event.status.state === 'running' && !wasRunning;
  if (event.event !== 'config.reloaded') return false;
  const reloaded = WS_EVENTS['config.reloaded'].safeParse(event.params);
  return reloaded.success && reloaded.data.changed.includes('desktop');
}

/**
 * Starts following the runtime's events from `initial`; `read` (the config file's desktop section,
 * defaults when the file is invalid) runs only when isDesktopConfigChange says so, one read at a
 * time. A read that fails is logged and the section in memory stays.
 */
export function startDesktopConfig(options: {
  initial: DesktopConfig;
  read: () => Promise<DesktopConfig>;
  onEvent: (listener: (event: RuntimeEvent) => void) => () => void;
  log: { error(message: string): void };
}): DesktopConfigHandle {
  let current = options.initial;
  let running = false;
  let reading: Promise<void> = Promise.resolve();
  const listeners = new Set<DesktopConfigListener>();

  const refresh = (): void => {
    reading = reading.then(async () => {
      let next: DesktopConfig;
      try {
        next = await options.read();
      } catch (error) {
        options.log.error(`Could not re-read the desktop settings; keeping the ones in effect: ${describeError(error)}`);
        return;
      }
      const previous = current;
      current = next;
      if (JSON.stringify(next) === JSON.stringify(previous)) return;
      for (const listener of listeners) {
        try {
          listener(next, previous);
        } catch (error) {
          options.log.error(`Applying the new desktop settings failed: ${describeError(error)}`);
        }
      }
    });
  };

  const unsubscribe = options.onEvent((event) => {
    const changed = isDesktopConfigChange(event, running);
    if (event.type === 'status') running = event.status.state === 'running';
    if (changed) refresh();
  });

  return {
    current: () => current,
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    close() {
      unsubscribe();
      listeners.clear();
    },
  };
}
