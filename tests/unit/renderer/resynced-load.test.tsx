// @vitest-environment jsdom
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../../src-shared/client/gateway-client.js';
import { GatewayProvider } from '../../../src-renderer/lib/gateway-context.js';
import { useResyncedLoad } from '../../../src-renderer/lib/use-resynced-load.js';
import { connectLive, createTestClient } from './support/harness.js';
import { startFakeGateway, type FakeGateway } from './support/fake-gateway.js';

let gateway: FakeGateway;
let client: GatewayClient;

afterEach(async () => {
  await client?.close();
  await gateway?.close();
});

describe('useResyncedLoad', () => {
  it('loads again on the first live after a load that failed before the socket was up, even when the failure never rendered', async () => {
    gateway = await startFakeGateway();
    client = createTestClient(gateway);
    const outcomes: string[] = [];
    const wrapper = ({ children }: { children: ReactNode }) => <GatewayProvider client={client}>{children}</GatewayProvider>;
    // The handlers change no React state: the hook must remember the failure itself, as when the
    // socket goes live before React renders the failed load.
    renderHook(
      () =>
        useResyncedLoad(
          () => client.request('ping', {}),
          { ok: () => outcomes.push('ok'), error: (message) => outcomes.push(`error: ${message}`) },
        ),
      { wrapper },
    );
    await waitFor(() => expect(outcomes).toHaveLength(1));
    expect(outcomes[0]).toBe('error: Not connected to the gateway (idle); try again once the status shows live.');

    await connectLive(client);
    await waitFor(() => expect(outcomes).toEqual([outcomes[0], 'ok']));
  });

  it('does not load twice when the first load after mount succeeded and the socket was already live', async () => {
    gateway = await startFakeGateway();
    client = createTestClient(gateway);
    await connectLive(client);
    let loads = 0;
    const wrapper = ({ children }: { children: ReactNode }) => <GatewayProvider client={client}>{children}</GatewayProvider>;
    renderHook(() => useResyncedLoad(async () => (loads += 1), { ok: () => undefined, error: () => undefined }), { wrapper });
    await waitFor(() => expect(loads).toBe(1));
    gateway.dropConnections();
    // A reconnect means events may have been missed: exactly one more load.
    await waitFor(() => expect(loads).toBe(2));
  });
});
