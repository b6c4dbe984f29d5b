import { describe, expect, it } from 'vitest';
import { createHostPolicy, normalizeOrigin, resolveHostRefusal } from '../../../src-main/core/gateway/host-origin.js';

const base = { host: '127.0.0.1', allowed_hosts: [] as string[], allowed_origins: [] as string[] };

describe('createHostPolicy: Host', () => {
  it('accepts loopback names with any port', () => {
    const policy = createHostPolicy({ config: base, port: 18789 });
    for (const host of ['127.0.0.1:18789', 'localhost', 'LOCALHOST:1', '[::1]:18789']) expect(policy.isAllowedHost(host)).toBe(true);
  });

  it('refuses other names (DNS rebinding) and a missing Host', () => {
    const policy = createHostPolicy({ config: base, port: 18789 });
    for (const host of ['evil.example', 'evil.example:18789', '127.0.0.1.evil.example', undefined]) expect(policy.isAllowedHost(host)).toBe(false);
  });

  it('accepts configured allowed_hosts, case-insensitively', () => {
    const policy = createHostPolicy({ config: { ...base, allowed_hosts: ['Gateway.Example'] }, port: 1 });
    expect(policy.isAllowedHost('gateway.example:443')).toBe(true);
  });

  it('accepts the bind address, and interface addresses when bound to a wildcard', () => {
    expect(createHostPolicy({ config: { ...base, host: '192.168.1.5' }, port: 1 }).isAllowedHost('192.168.1.5:1')).toBe(true);
    const wildcard = createHostPolicy({ config: { ...base, host: '0.0.0.0' }, port: 1, interfaceAddresses: ['10.1.1.1', 'fe80::1'] });
    expect(wildcard.isAllowedHost('10.1.1.1')).toBe(true);
    expect(wildcard.isAllowedHost('[fe80::1]:1')).toBe(true);
    expect(wildcard.isAllowedHost('0.0.0.0')).toBe(false);
  });
});

describe('createHostPolicy: Origin', () => {
  const policy = createHostPolicy({ config: { ...base, allowed_origins: ['https://dash.example/'] }, port: 18789 });

  it('accepts the gateway own origin under any loopback name', () => {
    expect(policy.isAllowedOrigin('http://127.0.0.1:18789')).toBe(true);
    expect(policy.isAllowedOrigin('http://localhost:18789')).toBe(true);
  });

  it('refuses another port, another host, null and non-http schemes', () => {
    for (const origin of ['http://localhost:3000', 'http://evil.example:18789', 'null', 'file://', 'chrome-extension://abc']) {
      expect(policy.isAllowedOrigin(origin)).toBe(false);
    }
  });

  it('accepts allowed_origins (normalised) and marks only those as cross-origin', () => {
    expect(policy.isAllowedOrigin('https://DASH.example')).toBe(true);
    expect(policy.isCrossOriginAllowed('https://dash.example')).toBe(true);
    expect(policy.isCrossOriginAllowed('http://127.0.0.1:18789')).toBe(false);
  });
});

describe('normalizeOrigin', () => {
  it('keeps scheme, host and non-default port only', () => {
    expect(normalizeOrigin('HTTPS://Example.com:443/path')).toBe('https://example.com');
    expect(normalizeOrigin('http://example.com:8080/')).toBe('http://example.com:8080');
    expect(normalizeOrigin('nonsense')).toBeUndefined();
  });
});

describe('resolveHostRefusal', () => {
  const policy = createHostPolicy({ config: base, port: 18789 });

  it('refuses an absolute-form target naming a foreign host, even with a loopback Host header', () => {
    expect(resolveHostRefusal(policy, '127.0.0.1:18789', 'http://evil.example/')).toBe(
      'Host "evil.example" in the request target is not allowed; request a path, or add the name to gateway.allowed_hosts',
    );
  });

  it('accepts a path, and an absolute-form target naming an allowed host', () => {
    expect(resolveHostRefusal(policy, '127.0.0.1:18789', '/health')).toBeUndefined();
    expect(resolveHostRefusal(policy, '127.0.0.1:18789', 'http://localhost:18789/health')).toBeUndefined();
  });

  it('refuses a target that is neither a path nor an http(s) URL', () => {
    expect(resolveHostRefusal(policy, '127.0.0.1:18789', 'health')).toBe('The request target must be a path (/...) or an http(s) URL');
  });
});

describe('createHostPolicy bound to another loopback address', () => {
  it('accepts its own Host and its own origin', () => {
    const policy = createHostPolicy({ config: { ...base, host: '127.0.0.2' }, port: 18789 });
    expect(policy.isAllowedHost('127.0.0.2:18789')).toBe(true);
    expect(policy.isAllowedOrigin('http://127.0.0.2:18789')).toBe(true);
  });
});
