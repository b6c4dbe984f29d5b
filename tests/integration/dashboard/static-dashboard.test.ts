import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createStaticDashboardRouter,
  DASHBOARD_ASSET_CACHE_CONTROL,
  findDashboardDir,
} from '../../../src-main/core/gateway/static-dashboard.js';

const INDEX_HTML = '<!doctype html><title>OpenClaw</title><script type="module" src="./assets/index-AbC123.js"></script>';
const ASSET_JS = 'console.log("dashboard")';

let tmp: string;
let base: string;
let notBuiltBase: string;
const servers: http.Server[] = [];

function listen(rootDir: string): Promise<string> {
  const app = express();
  app.use(createStaticDashboardRouter({ rootDir }));
  app.use((req, res) => {
    res.status(404).json({ error: { message: `No route for ${req.method} ${req.path}`, type: 'not_found_error' } });
  });
  const server = http.createServer(app);
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

/** A raw GET so paths like /assets/%2e%2e/ reach the server unnormalised. */
function rawGet(url: string, pathname: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: pathname, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'openclaw-dashboard-'));
  const dist = path.join(tmp, 'dist', 'renderer');
  await mkdir(path.join(dist, 'assets'), { recursive: true });
  await writeFile(path.join(dist, 'index.html'), INDEX_HTML);
  await writeFile(path.join(dist, 'assets', 'index-AbC123.js'), ASSET_JS);
  await writeFile(path.join(dist, 'secret.txt'), 'outside assets');
  await mkdir(path.join(tmp, 'empty'), { recursive: true });
  base = await listen(dist);
  notBuiltBase = await listen(path.join(tmp, 'empty'));
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await rm(tmp, { recursive: true, force: true });
});

describe('static dashboard router', () => {
  it('serves index.html at / with no-cache, a strict CSP and no framing', async () => {
    const res = await rawGet(base, '/');
    expect(res.status).toBe(200);
    expect(res.body).toBe(INDEX_HTML);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    const port = new URL(base).port;
    expect(res.headers['content-security-policy']).toBe(
      `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; connect-src 'self' ws://127.0.0.1:${port}; frame-ancestors 'none'`,
    );
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('falls back to index.html for every client route, query included', async () => {
    for (const route of ['/sessions', '/config', '/events', '/logs', '/sessions?session=agent%3Amain%3Ax%2Fy']) {
      const res = await rawGet(base, route);
      expect([route, res.status, res.body]).toEqual([route, 200, INDEX_HTML]);
    }
  });

  it('leaves unknown paths to the next handler (the JSON 404)', async () => {
    for (const route of ['/nope', '/sessions/extra', '/api/unknown', '/events/']) {
      const res = await rawGet(base, route);
      expect([route, res.status, JSON.parse(res.body)]).toEqual([route, 404, { error: { message: `No route for GET ${route.split('?')[0]}`, type: 'not_found_error' } }]);
    }
  });

  it('serves hashed assets as immutable for a year', async () => {
    const res = await rawGet(base, '/assets/index-AbC123.js');
    expect(res.status).toBe(200);
    expect(res.body).toBe(ASSET_JS);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe(DASHBOARD_ASSET_CACHE_CONTROL);
    expect(DASHBOARD_ASSET_CACHE_CONTROL).toBe('public, max-age=31536000, immutable');
  });

  it('answers a missing asset with the JSON 404, not index.html', async () => {
    const res = await rawGet(base, '/assets/index-Gone99.js');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('never serves a file outside the build through ../ tricks', async () => {
    for (const route of ['/assets/..%2fsecret.txt', '/assets/%2e%2e/secret.txt', '/assets/%2e%2e%2findex.html', '/secret.txt']) {
      const res = await rawGet(base, route);
      expect(res.body).not.toContain('outside assets');
      expect(res.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('redirects /ws-test to the event log', async () => {
    const res = await rawGet(base, '/ws-test');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/events');
  });

  it('revalidates index.html with its ETag (304 when unchanged)', async () => {
    const first = await rawGet(base, '/events');
    const etag = first.headers.etag;
    expect(etag).toBeTruthy();
    const second = await rawGet(base, '/events', { 'If-None-Match': etag as string });
    expect(second.status).toBe(304);
    expect(second.body).toBe('');
  });

  it('answers HEAD for pages and assets without a body', async () => {
    const res = await rawGet(base, '/config', {}, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('says to run npm run build when the dashboard was never built', async () => {
    const res = await rawGet(notBuiltBase, '/');
    expect(res.status).toBe(503);
    expect(res.body).toContain('The dashboard has not been built');
    expect(res.body).toContain('<code>npm run build</code>');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });
});

describe('findDashboardDir', () => {
  it('finds dist/renderer from the compiled module location', () => {
    const moduleUrl = pathToFileURL(path.join(tmp, 'dist', 'src-main', 'core', 'gateway', 'static-dashboard.js')).href;
    expect(findDashboardDir(moduleUrl)).toBe(path.join(tmp, 'dist', 'renderer'));
  });

  it('finds dist/renderer from the source module location', () => {
    const moduleUrl = pathToFileURL(path.join(tmp, 'src-main', 'core', 'gateway', 'static-dashboard.ts')).href;
    expect(findDashboardDir(moduleUrl)).toBe(path.join(tmp, 'dist', 'renderer'));
  });

  it('returns undefined when nothing was built', () => {
    const moduleUrl = pathToFileURL(path.join(tmp, 'empty', 'a', 'b', 'c', 'static-dashboard.js')).href;
    expect(findDashboardDir(moduleUrl)).toBeUndefined();
  });
});
