import { useCallback, useEffect, useRef } from 'react';
import { describeError } from './describe-error.js';
import { useGatewayClient, useOnLive } from './gateway-context.js';

export interface ResyncedLoadHandlers<T> {
  start?(): void;
  ok(value: T): void;
  error(message: string): void;
}

/**
 * Runs `load` on mount and returns a `reload`; loads again whenever the connection comes back live
 * (events may have been missed meanwhile) and on the first live after a failed load (say, a
 * WebSocket request made before the socket was up). Answers of a load superseded by a newer one,
 * or arriving after unmount, are dropped.
 */
export function useResyncedLoad<T>(load: () => Promise<T>, handlers: ResyncedLoadHandlers<T>): () => void {
  const client = useGatewayClient();
  const generation = useRef(0);
  const latest = useRef({ load, handlers });
  latest.current = { load, handlers };
  // Kept here rather than read from the view's state: that lags a render behind, and the socket can
  // go live between a load failing (not connected yet) and React rendering the failure.
  const lastFailed = useRef(false);

  const reload = useCallback(() => {
    generation.current += 1;
    const mine = generation.current;
    latest.current.handlers.start?.();
    latest.current.load().then(
      (value) => {
        if (mine !== generation.current) return;
        lastFailed.current = false;
        latest.current.handlers.ok(value);
      },
      (error: unknown) => {
        if (mine !== generation.current) return;
        lastFailed.current = true;
        latest.current.handlers.error(describeError(error));
      },
    );
  }, []);

  useEffect(() => {
    reload();
    return () => {
      generation.current += 1;
    };
  }, [reload, client]);

  // The first live after mount races the initial load; later ones mean events may have been missed.
  const everLive = useRef(client.state().status === 'live');
  useOnLive(() => {
    if (everLive.current || lastFailed.current) reload();
    everLive.current = true;
  });

  return reload;
}
