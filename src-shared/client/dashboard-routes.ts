/** The dashboard's views; each has one top-level path, so relative asset URLs resolve from any of them. */
export const DASHBOARD_VIEWS = ['sessions', 'chat', 'channels', 'settings', 'config', 'events', 'logs', 'setup'] as const;
export type DashboardView = (typeof DASHBOARD_VIEWS)[number];

export const DEFAULT_DASHBOARD_VIEW: DashboardView = 'sessions';

/** Paths the gateway answers with the dashboard's index.html (client-side routes). */
export const DASHBOARD_ROUTE_PATHS: readonly string[] = ['/', ...DASHBOARD_VIEWS.map((view) => `/${view}`)];

/** Where the contract's `/ws-test` page lives on now. */
export const DASHBOARD_EVENT_LOG_PATH = '/events';
