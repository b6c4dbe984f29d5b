import '@testing-library/jest-dom/vitest';
import { cleanup, configure, render, waitFor, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, beforeEach, expect } from 'vitest';
import { WebSocket } from 'ws';
import { createGatewayClient, type GatewayClient, type GatewayClientOptions } from '../../../../src-shared/client/gateway-client.js';
import { GatewayProvider } from '../../../../src-renderer/lib/gateway-context.js';
import type { FakeGateway } from './fake-gateway.js';

// findBy*/waitFor give up after 1 s by default: too short for a real WebSocket round trip on a
// loaded machine. A deadline, not a sleep: they still resolve as soon as the condition holds.
configure({ asyncUtilTimeout: 5_000 });
afterEach(cleanup);

/** A real client for the fake gateway, with a fast backoff so reconnect tests stay short. */
export function createTestClient(gateway: Pick<FakeGateway, 'url'>, options: Partial<GatewayClientOptions> = {}): GatewayClient {
  return createGatewayClient({
    baseUrl: gateway.url,
    WebSocket,
    reconnect: { initialDelayMs: 40, maxDelayMs: 200, jitter: 0 },
    requestTimeoutMs: 3000,
    ...options,
  });
}

/** Connects the client and waits until the connection is live. */
export async function connectLive(client: GatewayClient): Promise<void> {
  client.connect();
  await waitFor(() => expect(client.state().status).toBe('live'));
}

/** Renders `ui` inside a GatewayProvider for `client`. */
export function renderWithClient(ui: ReactElement, client: GatewayClient): RenderResult {
  return render(<GatewayProvider client={client}>{ui}</GatewayProvider>);
}

/**
 * Lays the page out for the tests of this file, as jsdom does not: every element is `viewportPx`
 * high and wide inside (clientHeight/clientWidth, what a scrolling list shows) and `rowPx` high
 * outside (offsetHeight, what a row measures), so virtualized lists render the rows a window holds.
 */
export function withFakeLayout({ viewportPx = 600, rowPx = 30 }: { viewportPx?: number; rowPx?: number } = {}): void {
  const sizes = { clientHeight: viewportPx, clientWidth: viewportPx, offsetHeight: rowPx };
  const own = new Map<string, PropertyDescriptor | undefined>();
  beforeEach(() => {
    for (const [name, value] of Object.entries(sizes)) {
      own.set(name, Object.getOwnPropertyDescriptor(HTMLElement.prototype, name));
      Object.defineProperty(HTMLElement.prototype, name, { configurable: true, get: () => value });
    }
  });
  afterEach(() => {
    // Back to jsdom's getters: its own where HTMLElement had one, else the inherited Element ones.
    for (const [name, descriptor] of own) {
      if (descriptor) Object.defineProperty(HTMLElement.prototype, name, descriptor);
      else Reflect.deleteProperty(HTMLElement.prototype, name);
    }
  });
}
