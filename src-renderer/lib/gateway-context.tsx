import { createContext, useContext, useEffect, useRef, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import type { GatewayClient } from '../../src-shared/client/gateway-client.js';
import type { ClientConnectionState } from '../../src-shared/client/ws-connection.js';
import type { WsEventName, WsEventParams } from '../../src-shared/protocol/events.js';

const GatewayContext = createContext<GatewayClient | null>(null);

/** Makes the one gateway client available to every view. */
export function GatewayProvider({ client, children }: { client: GatewayClient; children: ReactNode }) {
  return <GatewayContext.Provider value={client}>{children}</GatewayContext.Provider>;
}

/** The gateway client of the nearest GatewayProvider; throws outside one. */
export function useGatewayClient(): GatewayClient {
  const client = useContext(GatewayContext);
  if (!client) throw new Error('useGatewayClient must be used inside <GatewayProvider>.');
  return client;
}

/** The WebSocket connection state, re-rendering on every change. */
export function useConnectionState(): ClientConnectionState {
  const client = useGatewayClient();
  return useSyncExternalStore(client.onState, client.state);
}

/** Calls `handler` for every valid event of that name; the latest handler is used without resubscribing. */
export function useGatewayEvent<E extends WsEventName>(event: E, handler: (params: WsEventParams<E>) => void): void {
  const client = useGatewayClient();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => client.on(event, (params) => latest.current(params)), [client, event]);
}

/** Calls `callback` each time the connection becomes live (first connect and every reconnect), to resync state. */
export function useOnLive(callback: () => void): void {
  const client = useGatewayClient();
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => {
    let wasLive = client.state().status === 'live';
    return client.onState((state) => {
      const isLive = state.status === 'live';
      if (isLive && !wasLive) latest.current();
      wasLive = isLive;
    });
  }, [client]);
}
