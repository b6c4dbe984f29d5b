import type { MouseEvent } from 'react';
import type { DashboardView } from '../../src-shared/client/dashboard-routes.js';
import { resolveRouteHref } from '../lib/router.js';
import type { DashboardRoute, RouteMode } from '../lib/router.js';

const TABS: Array<{ view: DashboardView; label: string }> = [
  { view: 'sessions', label: 'Sessions' },
  { view: 'chat', label: 'Chat' },
  { view: 'channels', label: 'Channels' },
  { view: 'settings', label: 'Settings' },
  { view: 'config', label: 'Config' },
  { view: 'events', label: 'Event log' },
  { view: 'logs', label: 'Logs' },
];

export interface NavTabsProps {
  current: DashboardView;
  mode: RouteMode;
  onNavigate(route: DashboardRoute): void;
}

/** The view switcher: real links (middle-click opens a tab), marked with aria-current. */
export function NavTabs({ current, mode, onNavigate }: NavTabsProps) {
  function onClick(event: MouseEvent<HTMLAnchorElement>, view: DashboardView): void {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onNavigate({ view });
  }
  return (
    <nav className="nav-tabs" aria-label="Views">
      {TABS.map((tab) => (
        <a
          key={tab.view}
          href={resolveRouteHref({ view: tab.view }, mode)}
          className="nav-tab"
          aria-current={tab.view === current ? 'page' : undefined}
          onClick={(event) => onClick(event, tab.view)}
        >
          {tab.label}
        </a>
      ))}
    </nav>
  );
}
