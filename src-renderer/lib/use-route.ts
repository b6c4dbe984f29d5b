import { useCallback, useEffect, useState } from 'react';
import { resolveRoute, resolveRouteHref, resolveRouteMode } from './router.js';
import type { DashboardRoute } from './router.js';

/** The current route and a navigate function; follows back/forward and hash changes. */
export function useRoute(): [DashboardRoute, (route: DashboardRoute, options?: { replace?: boolean }) => void] {
  const mode = resolveRouteMode(window.location.protocol);
  const [route, setRoute] = useState<DashboardRoute>(() => resolveRoute(window.location, mode));

  useEffect(() => {
    const sync = (): void => setRoute(resolveRoute(window.location, mode));
    window.addEventListener('popstate', sync);
    window.addEventListener('hashchange', sync);
    return () => {
      window.removeEventListener('popstate', sync);
      window.removeEventListener('hashchange', sync);
    };
  }, [mode]);

  const navigate = useCallback(
    (next: DashboardRoute, options: { replace?: boolean } = {}) => {
      const href = resolveRouteHref(next, mode);
      if (options.replace) window.history.replaceState(null, '', href);
      else window.history.pushState(null, '', href);
      setRoute(next);
    },
    [mode],
  );

  return [route, navigate];
}
