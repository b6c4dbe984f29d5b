import react from '@vitejs/plugin-react';
import type { Plugin, ProxyOptions, UserConfig } from 'vite';
import { resolveDashboardMetaCsp } from '../../src-shared/client/dashboard-csp.js';

export const DEFAULT_DEV_GATEWAY_URL = 'http://127.0.0.1:18789';

/** Adds the CSP <meta> to the built index.html only: vite's dev server needs inline scripts for hot reload. */
export function dashboardCspPlugin(): Plugin {
  return {
    name: 'openclaw-dashboard-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: resolveDashboardMetaCsp() }, injectTo: 'head-prepend' }],
    },
  };
}

function gatewayProxy(target: string, ws: boolean): ProxyOptions {
  const origin = new URL(target).origin;
  return {
    target,
    ws,
    changeOrigin: true,
    // The gateway refuses cross-origin WebSocket upgrades and writes, as it should; the dev
    // server speaks for the page, so it presents the gateway's own origin.
    configure(proxy) {
      proxy.on('proxyReq', (proxyReq) => {
        if (proxyReq.getHeader('origin')) proxyReq.setHeader('origin', origin);
      });
      proxy.on('proxyReqWs', (proxyReq) => {
        proxyReq.setHeader('origin', origin);
      });
    },
  };
}

/**
 * The dashboard's vite settings: root src-renderer, relative asset URLs (so file:// works in
 * Electron), output dist/renderer, React, the CSP meta, and for `npm run dev` a proxy of /api,
 * /health and /ws to `gatewayUrl` (default http://127.0.0.1:18789).
 */
export function createDashboardViteConfig(options: { gatewayUrl?: string } = {}): UserConfig {
  const gatewayUrl = options.gatewayUrl ?? DEFAULT_DEV_GATEWAY_URL;
  return {
    root: 'src-renderer',
    base: './',
    plugins: [react(), dashboardCspPlugin()],
    build: {
      outDir: '../dist/renderer',
      emptyOutDir: true,
      assetsDir: 'assets',
      modulePreload: { polyfill: false },
      sourcemap: false,
    },
    server: {
      host: '127.0.0.1',
      proxy: {
        '/api': gatewayProxy(gatewayUrl, false),
        '/health': gatewayProxy(gatewayUrl, false),
        // Exactly /ws: a bare prefix would also catch /ws-test.
        '^/ws$': gatewayProxy(gatewayUrl, true),
      },
    },
  };
}
