import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response, type Router } from 'express';
import { resolveDashboardHeaderCsp } from '../../../src-shared/client/dashboard-csp.js';
import { DASHBOARD_EVENT_LOG_PATH, DASHBOARD_ROUTE_PATHS } from '../../../src-shared/client/dashboard-routes.js';

/** Hashed file names never change content, so browsers may keep them a year without asking. */
export const DASHBOARD_ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** index.html names the current hashed assets, so it is revalidated on every load. */
export const DASHBOARD_INDEX_CACHE_CONTROL = 'no-cache';

export interface StaticDashboardOptions {
  /** The built dashboard (vite's outDir, normally dist/renderer); see findDashboardDir. */
  rootDir: string;
}

/**
 * Finds the built dashboard next to this module: `<pkg>/dist/renderer` both when running from
 * source (src-main/core/gateway) and from the compiled dist/src-main/core/gateway; undefined when
 * it has not been built (run `npm run build`).
 */
export function findDashboardDir(moduleUrl: string = import.meta.url): string | undefined {
  const here = path.dirname(fileURLToPath(moduleUrl));
  const candidates = [path.resolve(here, '../../../renderer'), path.resolve(here, '../../../dist/renderer')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
}

function setPageHeaders(req: Request, res: Response): void {
  res.setHeader('Content-Security-Policy', resolveDashboardHeaderCsp(req.headers.host, req.secure));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cache-Control', DASHBOARD_INDEX_CACHE_CONTROL);
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OpenClaw dashboard not built</title></head>
<body><h1>The dashboard has not been built</h1>
<p>The gateway is running, but there is no built dashboard to serve. Run <code>npm run build</code> in the
OpenClaw Desktop folder, then reload this page. The API at <a href="/api/health">/api/health</a> works meanwhile.</p>
</body></html>`;

/**
 * Serves the built dashboard: `/assets/*` with immutable caching, index.html (no-cache, strict CSP,
 * no framing) for `/` and every client route, and `/ws-test` redirected to the event log. Anything
 * else falls through to the next handler (the gateway's JSON 404). Needs no auth: the page holds no
 * data or secret; its API calls authenticate. A missing build answers 503 saying to run `npm run build`.
 */
export function createStaticDashboardRouter(options: StaticDashboardOptions): Router {
  const rootDir = path.resolve(options.rootDir);
  const indexPath = path.join(rootDir, 'index.html');
  const router = express.Router({ caseSensitive: true, strict: true });

  router.get('/ws-test', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.redirect(302, DASHBOARD_EVENT_LOG_PATH);
  });

  router.use(
    '/assets',
    express.static(path.join(rootDir, 'assets'), {
      index: false,
      redirect: false,
      fallthrough: true,
      dotfiles: 'ignore',
      cacheControl: false,
      setHeaders(res) {
        res.setHeader('Cache-Control', DASHBOARD_ASSET_CACHE_CONTROL);
        res.setHeader('X-Content-Type-Options', 'nosniff');
      },
    }),
  );

  router.get(DASHBOARD_ROUTE_PATHS as string[], (req, res, next) => {
    setPageHeaders(req, res);
    if (!existsSync(indexPath)) {
      res.status(503).type('html').send(NOT_BUILT_PAGE);
      return;
    }
    res.sendFile(indexPath, { cacheControl: false, dotfiles: 'deny' }, (error) => {
      if (error && !res.headersSent) next(error);
    });
  });

  return router;
}
