import { describe, expect, it } from 'vitest';
import {
  authorizeGatewayRequest,
  getClientIp,
  isLocalDirectRequest,
  isLocalRequest,
  isLoopbackHost,
  isTrustedProxy,
  normalizeIp,
  parseHostname,
  readHeaderCredentials,
  resolveIpv6Prefix64,
  resolveRateLimitClient,
  resolveTargetAuthority,
  resolveTrustedProxyIssues,
  resolveUnauthorizedMessage,
} from '../../../src-main/core/gateway/auth.js';

const LOCAL = { remoteAddress: '127.0.0.1', headers: { host: '127.0.0.1:18789' } };
const config = { token: 'the-token', password: 'the-password', trusted_proxies: [] as string[] };

describe('isLocalRequest', () => {
  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1'])('treats %s as local', (ip) => {
    expect(isLocalRequest(ip)).toBe(true);
  });

  it.each(['127.0.0.2', '127.1.2.3', '10.0.0.1', '::ffff:127.0.0.2', 'localhost', '', undefined])('treats %s as remote', (ip) => {
    expect(isLocalRequest(ip)).toBe(false);
  });
});

describe('normalizeIp', () => {
  it('strips the IPv4-mapped prefix and lower-cases', () => {
    expect(normalizeIp('::FFFF:10.1.2.3')).toBe('10.1.2.3');
    expect(normalizeIp('FE80::1')).toBe('fe80::1');
  });
});

describe('parseHostname / isLoopbackHost', () => {
  it('drops the port and keeps IPv6 brackets', () => {
    expect(parseHostname('LocalHost:18789')).toBe('localhost');
    expect(parseHostname('[::1]:18789')).toBe('[::1]');
  });

  it('rejects malformed Host headers', () => {
    expect(parseHostname('evil.example:abc')).toBeUndefined();
    expect(parseHostname('a b')).toBeUndefined();
    expect(parseHostname('[::1')).toBeUndefined();
    expect(parseHostname(undefined)).toBeUndefined();
  });

  it.each(['localhost', '127.0.0.1:1', '[::1]:5', '127.0.0.2:18789', '127.255.255.254'])('%s is a loopback host', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['localhost.evil.example', '127.0.0.1.nip.io', '127.0.0.256', '127.1', 'evil.example', ''])('%s is not a loopback host', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('isLocalDirectRequest', () => {
  it('needs a loopback peer, no forwarded headers and a loopback Host', () => {
    expect(isLocalDirectRequest(LOCAL)).toBe(true);
    expect(isLocalDirectRequest({ ...LOCAL, remoteAddress: '127.0.0.2' })).toBe(false);
    expect(isLocalDirectRequest({ ...LOCAL, headers: { ...LOCAL.headers, 'x-real-ip': '127.0.0.1' } })).toBe(false);
    expect(isLocalDirectRequest({ ...LOCAL, headers: { host: 'rebound.evil.example' } })).toBe(false);
  });

  it('also needs an absolute-form target to name loopback', () => {
    expect(isLocalDirectRequest({ ...LOCAL, target: '/api/sessions' })).toBe(true);
    expect(isLocalDirectRequest({ ...LOCAL, target: 'http://127.0.0.1:18789/api/sessions' })).toBe(true);
    expect(isLocalDirectRequest({ ...LOCAL, target: 'http://gateway.lan/api/sessions' })).toBe(false);
  });
});

describe('resolveTargetAuthority', () => {
  it('reads the host of an absolute-form target; none for a path or *; null for anything else', () => {
    expect(resolveTargetAuthority('/health')).toBeUndefined();
    expect(resolveTargetAuthority('*')).toBeUndefined();
    expect(resolveTargetAuthority('http://Evil.example/')).toBe('evil.example');
    expect(resolveTargetAuthority('ws://[::1]:5/ws')).toBe('[::1]:5');
    expect(resolveTargetAuthority('ftp://evil.example/')).toBeNull();
    expect(resolveTargetAuthority('health')).toBeNull();
  });
});

describe('getClientIp', () => {
  const viaProxy = (headers: Record<string, string>) => ({ remoteAddress: '10.0.0.5', headers });

  it('ignores forwarded headers from an untrusted peer', () => {
    expect(getClientIp(viaProxy({ 'x-forwarded-for': '1.2.3.4' }))).toBe('10.0.0.5');
  });

  it('takes the right-most untrusted X-Forwarded-For hop from a trusted proxy', () => {
    const peer = viaProxy({ 'x-forwarded-for': '6.6.6.6, 1.2.3.4, 10.0.0.9' });
    expect(getClientIp(peer, ['10.0.0.0/24'])).toBe('1.2.3.4');
  });

  it('falls back to Forwarded for= and then X-Real-IP', () => {
    expect(getClientIp(viaProxy({ forwarded: 'for="[2001:db8::7]:443";proto=https' }), ['10.0.0.5'])).toBe('2001:db8::7');
    expect(getClientIp(viaProxy({ 'x-real-ip': '5.6.7.8' }), ['10.0.0.5'])).toBe('5.6.7.8');
  });

  it('keeps the proxy address when the chain holds garbage', () => {
    expect(getClientIp(viaProxy({ 'x-forwarded-for': 'not-an-ip' }), ['10.0.0.5'])).toBe('10.0.0.5');
  });

  it('ignores entries a client prepends to X-Forwarded-For', () => {
    expect(getClientIp(viaProxy({ 'x-forwarded-for': '6.6.6.6, 7.7.7.7, 1.2.3.4' }), ['10.0.0.5'])).toBe('1.2.3.4');
  });

  it('uses the proxy address when the headers name different clients, so a passed-through header cannot pick the key', () => {
    // The proxy appends X-Forwarded-For; the client added X-Real-IP (or Forwarded) that the proxy passed on.
    expect(getClientIp(viaProxy({ 'x-forwarded-for': '1.2.3.4', 'x-real-ip': '6.6.6.6' }), ['10.0.0.5'])).toBe('10.0.0.5');
    expect(getClientIp(viaProxy({ 'x-forwarded-for': '1.2.3.4', forwarded: 'for=6.6.6.6' }), ['10.0.0.5'])).toBe('10.0.0.5');
    // The proxy sets X-Real-IP; the client added X-Forwarded-For.
    expect(getClientIp(viaProxy({ 'x-real-ip': '1.2.3.4', 'x-forwarded-for': '6.6.6.6' }), ['10.0.0.5'])).toBe('10.0.0.5');
  });

  it('accepts headers that agree, and skips one naming only trusted proxies or nothing readable', () => {
    expect(getClientIp(viaProxy({ 'x-forwarded-for': '1.2.3.4', 'x-real-ip': '1.2.3.4' }), ['10.0.0.5'])).toBe('1.2.3.4');
    expect(getClientIp(viaProxy({ 'x-forwarded-for': '1.2.3.4, 10.0.0.9', 'x-real-ip': '10.0.0.9' }), ['10.0.0.0/24'])).toBe('1.2.3.4');
    expect(getClientIp(viaProxy({ 'x-forwarded-for': '1.2.3.4', forwarded: 'for=unknown' }), ['10.0.0.5'])).toBe('1.2.3.4');
  });

  it('reads each Forwarded element as one hop, and one without for= as an unreadable hop', () => {
    expect(getClientIp(viaProxy({ forwarded: 'for=6.6.6.6, for=1.2.3.4;proto=https' }), ['10.0.0.5'])).toBe('1.2.3.4');
    expect(getClientIp(viaProxy({ forwarded: 'for=6.6.6.6, proto=https' }), ['10.0.0.5'])).toBe('10.0.0.5');
  });
});

describe('resolveTrustedProxyIssues', () => {
  it('lists entries that are neither addresses nor CIDR ranges', () => {
    expect(resolveTrustedProxyIssues(['10.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'proxy.local', '10.0.0.0/40'])).toEqual([
      'proxy.local',
      '10.0.0.0/40',
    ]);
  });

  it('a reported entry is ignored when checking peers, never thrown on', () => {
    const entries = ['10.0.0.0/40', '10.0.0.0/abc', '10.0.0.0/8/9', '10.0.0.5'];
    expect(resolveTrustedProxyIssues(entries)).toEqual(['10.0.0.0/40', '10.0.0.0/abc', '10.0.0.0/8/9']);
    expect(isTrustedProxy('10.0.0.5', entries)).toBe(true);
    expect(isTrustedProxy('10.0.0.6', entries)).toBe(false);
  });
});

describe('readHeaderCredentials', () => {
  it('reads a Bearer token (any case) and X-Password', () => {
    expect(readHeaderCredentials({ authorization: 'bearer  abc ', 'x-password': 'pw' })).toEqual({ token: 'abc', password: 'pw' });
  });

  it('keeps any other Authorization value whole as a presented token (it matches none), never as nothing', () => {
    expect(readHeaderCredentials({ authorization: 'Basic dXNlcjpwdw==' })).toEqual({ token: 'Basic dXNlcjpwdw==', password: undefined });
    expect(readHeaderCredentials({ authorization: 'Bearer ' })).toEqual({ token: 'Bearer', password: undefined });
  });
});

describe('authorizeGatewayRequest', () => {
  const remote = (headers: Record<string, string> = {}) => ({ remoteAddress: '192.0.2.10', headers: { host: 'gw.example', ...headers } });

  it('checks credentials presented from loopback: a wrong one fails, a right one is its own source', () => {
    const local = (headers: Record<string, string>) => ({ ...LOCAL, headers: { ...LOCAL.headers, ...headers } });
    expect(authorizeGatewayRequest(local({ authorization: 'Bearer wrong' }), config)).toMatchObject({ authenticated: false, failure: 'mismatch' });
    expect(authorizeGatewayRequest(local({ 'x-password': 'wrong' }), config)).toMatchObject({ authenticated: false, failure: 'mismatch' });
    expect(authorizeGatewayRequest(local({ authorization: 'Bearer the-token' }), config).source).toBe('token');
  });

  it('is local-direct from loopback only when no credentials are presented', () => {
    expect(authorizeGatewayRequest(LOCAL, config)).toMatchObject({ authenticated: true, source: 'local-direct' });
  });

  it('prefers the token over the password', () => {
    const auth = authorizeGatewayRequest(remote({ authorization: 'Bearer the-token', 'x-password': 'the-password' }), config);
    expect(auth).toEqual({ authenticated: true, source: 'token', clientIp: '192.0.2.10' });
  });

  it('accepts the password when the token is wrong', () => {
    expect(authorizeGatewayRequest(remote({ authorization: 'Bearer nope', 'x-password': 'the-password' }), config).source).toBe('password');
  });

  it('says why it failed: missing, mismatch, not configured', () => {
    expect(authorizeGatewayRequest(remote(), config).failure).toBe('missing');
    expect(authorizeGatewayRequest(remote({ 'x-password': 'nope' }), config).failure).toBe('mismatch');
    expect(authorizeGatewayRequest(remote(), { trusted_proxies: [] }).failure).toBe('not_configured');
  });

  it('accepts an extra token (the desktop per-run token) beside gateway.token, and only a listed one', () => {
    const extra = ['desktop-run-token'];
    expect(authorizeGatewayRequest(remote({ authorization: 'Bearer desktop-run-token' }), config, undefined, extra)).toMatchObject({
      authenticated: true,
      source: 'token',
    });
    expect(authorizeGatewayRequest(remote({ authorization: 'Bearer the-token' }), config, undefined, extra).authenticated).toBe(true);
    expect(authorizeGatewayRequest(remote({ authorization: 'Bearer other' }), config, undefined, extra).failure).toBe('mismatch');
  });

  it('with only an extra token configured, a bare request is "missing", not "not configured"', () => {
    const auth = authorizeGatewayRequest(remote(), { trusted_proxies: [] }, undefined, ['desktop-run-token']);
    expect(auth.failure).toBe('missing');
  });

  it('never matches a configured secret against an empty credential', () => {
    expect(authorizeGatewayRequest(remote({ authorization: 'Bearer ' }), config).authenticated).toBe(false);
  });

  it('words the 401 for HTTP and WS', () => {
    const auth = authorizeGatewayRequest(remote(), config);
    expect(resolveUnauthorizedMessage(auth, 'ws')).toBe('Authentication required: send auth: {token} or auth: {password} in the connect request');
    expect(resolveUnauthorizedMessage({ ...auth, failure: 'mismatch' }, 'http')).toBe('Invalid token or password');
  });
});

describe('resolveRateLimitClient', () => {
  const peer = (remoteAddress: string, headers: Record<string, string> = {}) => ({ remoteAddress, headers });

  it('gives loopback leniency only to a direct request: loopback peer, no forwarding header', () => {
    expect(resolveRateLimitClient(peer('127.0.0.1'))).toEqual({ key: '127.0.0.1', loopback: true });
    expect(resolveRateLimitClient(peer('::ffff:127.0.0.1'))).toEqual({ key: '127.0.0.1', loopback: true });
    expect(resolveRateLimitClient(peer('127.0.0.2'))).toEqual({ key: '127.0.0.2', loopback: false });
    // A tunnel on this machine (cloudflared, ngrok) forwards: its own key, the remote policy.
    expect(resolveRateLimitClient(peer('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }))).toEqual({ key: 'proxy:127.0.0.1', loopback: false });
  });

  it('keys a trusted proxy client by its verified address, and falls back to the proxy key when headers disagree', () => {
    const trusted = ['127.0.0.1'];
    expect(resolveRateLimitClient(peer('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }), trusted)).toEqual({ key: '203.0.113.9', loopback: false });
    expect(resolveRateLimitClient(peer('127.0.0.1', { 'x-real-ip': '203.0.113.9', forwarded: 'for=9.9.9.9' }), trusted)).toEqual({
      key: 'proxy:127.0.0.1',
      loopback: false,
    });
    // A client claiming to be loopback does not share the direct loopback budget.
    expect(resolveRateLimitClient(peer('127.0.0.2', { 'x-forwarded-for': '127.0.0.1' }), ['127.0.0.2'])).toEqual({ key: 'forwarded:127.0.0.1', loopback: false });
  });

  it('keys IPv6 clients by their /64, so one host cannot rotate through its addresses', () => {
    expect(resolveRateLimitClient(peer('2001:db8:1:2:aaaa::1')).key).toBe('2001:db8:1:2::/64');
    expect(resolveRateLimitClient(peer('2001:db8:1:2:bbbb:cccc:dddd:eeee')).key).toBe('2001:db8:1:2::/64');
    expect(resolveRateLimitClient(peer('2001:db8::1')).key).toBe('2001:db8:0:0::/64');
    expect(resolveRateLimitClient(peer('::1')).key).toBe('::1');
    expect(resolveIpv6Prefix64('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
