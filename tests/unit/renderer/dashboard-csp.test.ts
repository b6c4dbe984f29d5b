import { describe, expect, it } from 'vitest';
import { resolveDashboardHeaderCsp, resolveDashboardMetaCsp } from '../../../src-shared/client/dashboard-csp.js';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split('; ').map((part) => { const [name = '', ...values] = part.split(' '); return [name, values]; }));
}

describe('dashboard CSP', () => {
  it('allows no inline script or style and nothing by default', () => {
    for (const csp of [resolveDashboardMetaCsp(), resolveDashboardHeaderCsp('127.0.0.1:18789')]) {
      const parsed = directives(csp);
      expect(parsed.get('default-src')).toEqual(["'none'"]);
      expect(parsed.get('script-src')).toEqual(["'self'"]);
      expect(parsed.get('style-src')).toEqual(["'self'"]);
      expect(csp).not.toContain('unsafe');
    }
  });

  it('lets a file:// page reach a gateway on loopback only', () => {
    expect(directives(resolveDashboardMetaCsp()).get('connect-src')).toEqual([
      "'self'", 'http://127.0.0.1:*', 'ws://127.0.0.1:*', 'http://localhost:*', 'ws://localhost:*',
    ]);
  });

  it('lets the served page reach its own origin and WebSocket, and forbids framing', () => {
    const parsed = directives(resolveDashboardHeaderCsp('127.0.0.1:18789'));
    expect(parsed.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:18789']);
    expect(parsed.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives(resolveDashboardHeaderCsp('gw.example:443', true)).get('connect-src')).toEqual(["'self'", 'wss://gw.example:443']);
  });

  it('leaves an IPv6 host to self, since Chromium rejects IPv6 literals in CSP', () => {
    expect(directives(resolveDashboardHeaderCsp('[::1]:18789')).get('connect-src')).toEqual(["'self'"]);
  });

  it('does not echo a Host header that could inject a directive', () => {
    expect(directives(resolveDashboardHeaderCsp("evil; script-src 'unsafe-inline'")).get('connect-src')).toEqual(["'self'"]);
    expect(directives(resolveDashboardHeaderCsp(undefined)).get('connect-src')).toEqual(["'self'"]);
  });
});
