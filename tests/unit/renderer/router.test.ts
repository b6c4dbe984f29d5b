import { describe, expect, it } from 'vitest';
import { resolveRoute, resolveRouteHref, resolveRouteMode } from '../../../src-renderer/lib/router.js';

function at(url: string) {
  const parsed = new URL(url);
  return { protocol: parsed.protocol, pathname: parsed.pathname, search: parsed.search, hash: parsed.hash };
}

describe('dashboard routes', () => {
  it('uses path routing over http(s) and hash routing for file:// pages', () => {
    expect(resolveRouteMode('http:')).toBe('path');
    expect(resolveRouteMode('https:')).toBe('path');
    expect(resolveRouteMode('file:')).toBe('hash');
  });

  it('reads the view from the path', () => {
    expect(resolveRoute(at('http://127.0.0.1:18789/events'))).toEqual({ view: 'events' });
    expect(resolveRoute(at('http://127.0.0.1:18789/config'))).toEqual({ view: 'config' });
    expect(resolveRoute(at('http://127.0.0.1:18789/logs'))).toEqual({ view: 'logs' });
    expect(resolveRoute(at('http://127.0.0.1:18789/'))).toEqual({ view: 'sessions' });
  });

  it('falls back to the sessions view for an unknown path', () => {
    expect(resolveRoute(at('http://127.0.0.1:18789/nope'))).toEqual({ view: 'sessions' });
  });

  it('reads the view and the selected session from the hash of a file:// page', () => {
    expect(resolveRoute(at('file:///app/dist/renderer/index.html#/events'))).toEqual({ view: 'events' });
    expect(resolveRoute(at('file:///app/index.html#/sessions?session=agent%3Amain%3Ax%2Fy'))).toEqual({ view: 'sessions', session: 'agent:main:x/y' });
  });

  it('round-trips a session key containing / and : through the href', () => {
    const route = { view: 'sessions' as const, session: 'agent:main:telegram:group:-100/topic:7' };
    expect(resolveRoute(at(`http://h${resolveRouteHref(route, 'path')}`))).toEqual(route);
    expect(resolveRoute(at(`file:///i.html${resolveRouteHref(route, 'hash')}`))).toEqual(route);
  });

  it('keeps the selected session of the chat view', () => {
    const route = { view: 'chat' as const, session: 'agent:main:dashboard:abc' };
    expect(resolveRouteHref(route, 'path')).toBe('/chat?session=agent%3Amain%3Adashboard%3Aabc');
    expect(resolveRoute(at(`http://h${resolveRouteHref(route, 'path')}`))).toEqual(route);
  });

  it('drops a session parameter outside the sessions and chat views', () => {
    expect(resolveRoute(at('http://h/config?session=x'))).toEqual({ view: 'config' });
    expect(resolveRouteHref({ view: 'events', session: 'x' }, 'path')).toBe('/events');
  });
});

describe('the compact chat route (quick chat)', () => {
  const at = (pathname: string, search = '') => ({ protocol: 'http:', pathname, search, hash: '' });

  it('reads ?view=compact on the chat route only, and writes it back with the session', () => {
    expect(resolveRoute(at('/chat', '?view=compact'))).toEqual({ view: 'chat', compact: true });
    expect(resolveRoute(at('/sessions', '?view=compact'))).toEqual({ view: 'sessions' });
    expect(resolveRouteHref({ view: 'chat', session: 'agent:main:x', compact: true }, 'path')).toBe('/chat?session=agent%3Amain%3Ax&view=compact');
    expect(resolveRoute(at('/chat', '?session=agent%3Amain%3Ax&view=compact'))).toEqual({ view: 'chat', session: 'agent:main:x', compact: true });
  });
});
