import { describe, expect, it } from 'vitest';
import { resolveGatewayUrls } from '../../../src-shared/client/gateway-client.js';
import { resolveDashboardGatewayUrl } from '../../../src-renderer/lib/gateway-url.js';

describe('resolveDashboardGatewayUrl', () => {
  it('uses the page origin when served over http', () => {
    expect(resolveDashboardGatewayUrl({ protocol: 'http:', origin: 'http://127.0.0.1:5173', search: '?gateway=http://evil.example' })).toBe('http://127.0.0.1:5173');
  });

  it('uses the gateway query parameter for a file:// page', () => {
    expect(resolveDashboardGatewayUrl({ protocol: 'file:', origin: 'null', search: '?gateway=http%3A%2F%2F127.0.0.1%3A19001' })).toBe('http://127.0.0.1:19001');
  });

  it('ignores a gateway parameter that carries a path or credentials', () => {
    expect(resolveDashboardGatewayUrl({ protocol: 'file:', origin: 'null', search: '?gateway=http://u:p@127.0.0.1:1/' })).toBe('http://127.0.0.1:18789');
    expect(resolveDashboardGatewayUrl({ protocol: 'file:', origin: 'null', search: '?gateway=javascript:alert(1)' })).toBe('http://127.0.0.1:18789');
  });

  it('falls back to the default loopback gateway', () => {
    expect(resolveDashboardGatewayUrl({ protocol: 'file:', origin: 'null', search: '' })).toBe('http://127.0.0.1:18789');
  });
});

describe('resolveGatewayUrls', () => {
  it('derives ws:// and wss:// URLs of /ws', () => {
    expect(resolveGatewayUrls('http://127.0.0.1:18789/')).toEqual({ baseUrl: 'http://127.0.0.1:18789', wsUrl: 'ws://127.0.0.1:18789/ws' });
    expect(resolveGatewayUrls('https://gw.example/openclaw')).toEqual({ baseUrl: 'https://gw.example/openclaw', wsUrl: 'wss://gw.example/openclaw/ws' });
  });

  it('refuses anything but http(s)', () => {
    expect(() => resolveGatewayUrls('ws://127.0.0.1:1')).toThrow('Gateway URL "ws://127.0.0.1:1" must start with http:// or https://.');
    expect(() => resolveGatewayUrls('localhost:18789')).toThrow('Gateway URL "localhost:18789" must start with http:// or https://.');
    expect(() => resolveGatewayUrls('not a url')).toThrow('Gateway URL "not a url" is not a URL; expected something like http://127.0.0.1:18789.');
  });

  it('refuses credentials or a query in the URL', () => {
    expect(() => resolveGatewayUrls('http://127.0.0.1:1/?token=abc')).toThrow('Gateway URL must not carry credentials or a query; pass credentials to the client instead.');
    expect(() => resolveGatewayUrls('http://me:pw@127.0.0.1:1/')).toThrow(/must not carry credentials/);
  });
});
