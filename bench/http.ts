// HTTP benchmark: `node --import tsx bench/http.ts [--strict]`.
// GET /health through the full gateway (createRuntime: host check, auth, access logging, routing)
// against a bare express 5 app and bare node:http answering the same bytes; GET /api/sessions with
// 500 entries against bare express sending a cached Buffer; the 304 path; the cost of serialising
// the list once per store change. Rounds alternate between servers so machine noise hits all alike;
// the best round of each counts. --strict exits 1 when a target is missed.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { createRuntime } from '../src-main/core/runtime.js';
import { createSessionStore } from '../src-main/core/sessions/store.js';
import { startSessionStoreWatcher } from '../src-main/core/sessions/watch.js';
import { createSessionsView } from '../src-main/core/gateway/sessions-view.js';
import { runLoad, type LoadResult } from './lib/http-load.js';
import { createReport, fmt, runBounded } from './lib/report.js';

const ROUNDS = 3;
const DURATION_MS = 1_200;
const ENTRIES = 500;
const HEALTH_BODY = Buffer.from('{"status":"ok"}');

function sessionEntry(i: number): Record<string, unknown> {
  return {
    session_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    updated_at: 1_700_000_000_000 + i * 1000,
    label: `Conversation ${i}`,
    channel: 'telegram',
    chat_type: i % 3 === 0 ? 'group' : 'direct',
    origin: { provider: 'telegram', chat_type: 'direct', from: `telegram:${100_000 + i}`, to: 'bot' },
    last_channel: 'telegram',
    last_to: `telegram:${100_000 + i}`,
    model_provider: 'anthropic',
    model: 'claude-sonnet-4',
    input_tokens: 1200 + i,
    output_tokens: 800 + i,
    total_tokens: 2000 + 2 * i,
    context_tokens: 200_000,
  };
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

async function load(port: number, path: string, headers?: Record<string, string>): Promise<LoadResult> {
  const result = await runLoad({ port, path, headers, durationMs: DURATION_MS });
  if (result.errors > 0) throw new Error(`${result.errors} socket errors on ${path} (port ${port})`);
  return result;
}

async function best(port: number, path: string): Promise<number> {
  const result = await load(port, path);
  const bad = Object.keys(result.statuses).filter((status) => status !== '200');
  if (bad.length > 0) throw new Error(`unexpected statuses on ${path}: ${JSON.stringify(result.statuses)}`);
  return result.requestsPerSecond;
}

async function main(): Promise<void> {
  const report = createReport('bench/http');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-bench-http-'));
  const storePath = path.join(dir, 'agents', 'main', 'sessions', 'sessions.json');
  await mkdir(path.dirname(storePath), { recursive: true });
  const store = Object.fromEntries(Array.from({ length: ENTRIES }, (_, i) => [`agent:main:telegram:dm:${100_000 + i}`, sessionEntry(i)]));
  await writeFile(storePath, JSON.stringify(store));
  // The gateway logs at info to a file in the temp state dir; access lines are debug, filtered.
  await writeFile(path.join(dir, 'openclaw.yaml'), 'logging:\n  console_level: warn\n');

  const runtime = createRuntime({ env: { OPENCLAW_STATE_DIR: dir, HOME: dir }, portOverride: 0 });
  const status = await runtime.start();
  if (status.state !== 'running') throw new Error(`gateway did not start: ${JSON.stringify(status)}`);
  const gatewayPort = status.port;

  const sessionsBody = (await fetch(`${status.url}api/sessions`).then((r) => r.arrayBuffer())) as ArrayBuffer;
  const cachedBuffer = Buffer.from(sessionsBody);
  const etag = (await fetch(`${status.url}api/sessions`)).headers.get('etag') ?? '';

  const bareExpress = express();
  bareExpress.disable('x-powered-by');
  bareExpress.get('/health', (_req, res) => {
    res.type('json').send(HEALTH_BODY);
  });
  const expressServer = http.createServer(bareExpress);
  const expressPort = await listen(expressServer);

  const cachedExpress = express();
  cachedExpress.disable('x-powered-by');
  cachedExpress.set('etag', false);
  cachedExpress.get('/api/sessions', (_req, res) => {
    res.type('json').send(cachedBuffer);
  });
  const cachedServer = http.createServer(cachedExpress);
  const cachedPort = await listen(cachedServer);

  const bareNode = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': HEALTH_BODY.length });
    res.end(HEALTH_BODY);
  });
  const nodePort = await listen(bareNode);

  report.line(`${ENTRIES} sessions, body ${(cachedBuffer.length / 1024).toFixed(0)} KB; ${ROUNDS} rounds × ${DURATION_MS} ms, 16 keep-alive connections, load from a worker thread`);
  const rps = { gateway: 0, express: 0, node: 0, gwSessions: 0, exSessions: 0, gw304: 0 };
  const statuses304: Record<string, number> = {};
  await best(gatewayPort, '/health');
  for (let round = 0; round < ROUNDS; round++) {
    rps.node = Math.max(rps.node, await best(nodePort, '/health'));
    rps.express = Math.max(rps.express, await best(expressPort, '/health'));
    rps.gateway = Math.max(rps.gateway, await best(gatewayPort, '/health'));
    rps.exSessions = Math.max(rps.exSessions, await best(cachedPort, '/api/sessions'));
    rps.gwSessions = Math.max(rps.gwSessions, await best(gatewayPort, '/api/sessions'));
    const revalidated = await load(gatewayPort, '/api/sessions', { 'If-None-Match': etag });
    rps.gw304 = Math.max(rps.gw304, revalidated.requestsPerSecond);
    for (const [code, count] of Object.entries(revalidated.statuses)) statuses304[code] = (statuses304[code] ?? 0) + count;
  }

  report.line(`GET /health        bare node:http ${fmt(rps.node, 0)} req/s | bare express ${fmt(rps.express, 0)} req/s | gateway ${fmt(rps.gateway, 0)} req/s`);
  report.line(`GET /api/sessions  bare express (cached Buffer, no ETag) ${fmt(rps.exSessions, 0)} req/s | gateway ${fmt(rps.gwSessions, 0)} req/s | gateway 304 ${fmt(rps.gw304, 0)} req/s`);

  // Serialising once per change: what the first request after a store change pays, vs later ones.
  const sessionStore = createSessionStore();
  const watcher = await startSessionStoreWatcher(storePath, { store: sessionStore });
  const view = createSessionsView(() => watcher, { store: sessionStore });
  let firstMs = 0;
  const samples = 20;
  for (let i = 0; i < samples; i++) {
    store['agent:main:telegram:dm:100000'] = { ...sessionEntry(0), updated_at: Date.now() + i };
    await writeFile(storePath, JSON.stringify(store));
    await watcher.refresh();
    const t0 = performance.now();
    view.list();
    firstMs += performance.now() - t0;
  }
  const t1 = performance.now();
  for (let i = 0; i < 1000; i++) view.list();
  const cachedUs = ((performance.now() - t1) / 1000) * 1000;
  await watcher.close();
  report.line(`sessions body after a store change: ${fmt(firstMs / samples, 2)} ms to build once; cached: ${fmt(cachedUs, 2)} µs per request`);

  const healthRatio = rps.gateway / rps.express;
  const sessionsRatio = rps.gwSessions / rps.exSessions;
  report.target('GET /health ≥ 85% of bare express', healthRatio >= 0.85, `${fmt(healthRatio * 100)}% (vs node:http ${fmt((rps.gateway / rps.node) * 100)}%)`);
  report.target('GET /api/sessions ≥ 80% of bare express with a cached Buffer', sessionsRatio >= 0.8, `${fmt(sessionsRatio * 100)}%`);
  const only304 = Object.keys(statuses304).length === 1 && (statuses304['304'] ?? 0) > 0;
  report.target('If-None-Match with the store ETag answered 304 every time', only304, `${fmt(rps.gw304, 0)} req/s, statuses ${JSON.stringify(statuses304)}`);

  await runtime.close();
  await Promise.all([expressServer, cachedServer, bareNode].map((server) => new Promise((resolve) => server.close(resolve))));
  await rm(dir, { recursive: true, force: true });
  report.finish();
}

await runBounded('bench/http', main);
