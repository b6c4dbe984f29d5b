import { describe, expect, it } from 'vitest';
import { resolveGatewayBadge, resolveLostAt } from '../../../src-renderer/app/gateway-state.js';
import type { ClientConnectionState } from '../../../src-shared/client/ws-connection.js';

const LIVE: ClientConnectionState = { status: 'live', since: 1, conn_id: 'c', protocol_version: '1.0', server_version: '0.1.0', methods: [], events: [] };
const RECONNECTING: ClientConnectionState = { status: 'reconnecting', attempt: 2, delayMs: 1000, retryAt: 2, reason: 'closed 1006' };
const formatTime = (ms: number): string => `t${ms}`;

describe('gateway badge', () => {
  it('is Running only while the socket is live, whatever the desktop app last said', () => {
    expect(resolveGatewayBadge({ connection: LIVE, lostAt: null, desktop: { state: 'stopped' }, formatTime })).toEqual({ tone: 'ok', text: 'Running' });
  });

  it('says Sign-in needed, not Unreachable, when the gateway answered but refused us', () => {
    expect(resolveGatewayBadge({ connection: { status: 'unauthorized', message: 'Invalid token' }, lostAt: 5, desktop: undefined, formatTime }).text).toBe('Sign-in needed');
  });

  it('says Unreachable since the drop, with the reason as its tooltip; Checking… before the first answer', () => {
    expect(resolveGatewayBadge({ connection: RECONNECTING, lostAt: 42, desktop: undefined, formatTime })).toEqual({
      tone: 'error',
      text: 'Unreachable since t42',
      title: 'closed 1006',
    });
    expect(resolveGatewayBadge({ connection: { status: 'connecting', attempt: 0 }, lostAt: null, desktop: undefined, formatTime }).text).toBe('Checking…');
  });

  it('prefers what the desktop app knows while the socket is down: Stopped, Starting…, Failed with its reason', () => {
    const down = { connection: RECONNECTING, lostAt: 42, formatTime };
    expect(resolveGatewayBadge({ ...down, desktop: { state: 'stopped' } }).text).toBe('Stopped');
    expect(resolveGatewayBadge({ ...down, desktop: { state: 'starting' } }).text).toBe('Starting…');
    expect(resolveGatewayBadge({ ...down, desktop: { state: 'failed', reason: 'port 18789 in use', code: 'port_in_use' } })).toEqual({
      tone: 'error',
      text: 'Failed',
      title: 'port 18789 in use',
    });
  });

  it('remembers when the connection was first seen lost until it is live again', () => {
    let lostAt = resolveLostAt(null, RECONNECTING, 100);
    lostAt = resolveLostAt(lostAt, { status: 'connecting', attempt: 2 }, 200);
    lostAt = resolveLostAt(lostAt, RECONNECTING, 300);
    expect(lostAt).toBe(100);
    expect(resolveLostAt(lostAt, LIVE, 400)).toBeNull();
    expect(resolveLostAt(null, { status: 'connecting', attempt: 0 }, 500)).toBeNull();
  });
});
