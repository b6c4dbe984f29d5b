import { DASHBOARD_VIEWS, DEFAULT_DASHBOARD_VIEW } from '../../src-shared/client/dashboard-routes.js';
import type { DashboardView } from '../../src-shared/client/dashboard-routes.js';

/** `path` when served over http(s) by the gateway or vite; `hash` when loaded from file:// in Electron. */
export type RouteMode = 'path' | 'hash';

export interface DashboardRoute {
  view: DashboardView;
  /** Selected session key (sessions and chat views); keys are not secrets, so they may sit in the URL. */
  session?: string;
  /** The chat alone, without header, tabs or conversation list (`/chat?view=compact`, the desktop's quick chat window). */
  compact?: true;
}

/** The query value of the compact chat layout (`?view=compact`). */
export const COMPACT_VIEW = 'compact';

export interface LocationLike {
  protocol: string;
  pathname: string;
  search: string;
  hash: string;
}

/** Chooses hash routing for file:// pages (no server to fall back to index.html) and path routing otherwise. */
export function resolveRouteMode(protocol: string): RouteMode {
  return protocol === 'http:' || protocol === 'https:' ? 'path' : 'hash';
}

function isView(value: string): value is DashboardView {
  return (DASHBOARD_VIEWS as readonly string[]).includes(value);
}

/** Reads the route from a location; unknown paths fall back to the sessions view. */
export function resolveRoute(location: LocationLike, mode: RouteMode = resolveRouteMode(location.protocol)): DashboardRoute {
  const source = mode === 'hash' ? location.hash.replace(/^#/, '') : `${location.pathname}${location.search}`;
  const queryStart = source.indexOf('?');
  const path = queryStart === -1 ? source : source.slice(0, queryStart);
  const query = new URLSearchParams(queryStart === -1 ? '' : source.slice(queryStart + 1));
  const segment = path.replace(/^\/+|\/+$/g, '');
  const view = isView(segment) ? segment : DEFAULT_DASHBOARD_VIEW;
  const session = view === 'sessions' || view === 'chat' ? query.get('session') : null;
  const compact = view === 'chat' && query.get('view') === COMPACT_VIEW;
  return { view, ...(session ? { session } : {}), ...(compact ? { compact: true } : {}) };
}

/** Builds the href of a route for the given mode (`/events`, `#/sessions?session=…`). */
export function resolveRouteHref(route: DashboardRoute, mode: RouteMode): string {
  const params = new URLSearchParams();
  if ((route.view === 'sessions' || route.view === 'chat') && route.session) params.set('session', route.session);
  if (route.view === 'chat' && route.compact) params.set('view', COMPACT_VIEW);
  const query = params.size > 0 ? `?${params.toString()}` : '';
  const path = `/${route.view}${query}`;
  return mode === 'hash' ? `#${path}` : path;
}
