// WebSocket broadcast benchmark: `node --import tsx bench/ws.ts [--strict]`.
// A 1 KB event broadcast to 1,000 connected clients: time until the last client has it (p50/p99),
// through the gateway (per-connection seq, backpressure checks, params stringified once) against
// raw ws sending one pre-built string to every socket, in the same run. Clients live in a worker
// thread, so the server's event loop is measured, not the clients'. --strict exits 1 on a missed target.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { WebSocketServer, type WebSocket } from 'ws';
import { OpenClawConfigSchema } from '../src-shared/config/schema.js';
import { readConfigFileSnapshot } from '../src-main/core/config/loader.js';
import { startGatewayServer } from '../src-main/core/gateway/server.js';
import { createSessionsView } from '../src-main/core/gateway/sessions-view.js';
import { SILENT_LOGGER, type GatewayState } from '../src-main/core/gateway/types.js';
import { createSessionStore } from '../src-main/core/sessions/store.js';
import { startSessionStoreWatcher } from '../src-main/core/sessions/watch.js';
import { createReport, fmt, quantile, runBounded } from './lib/report.js';

const CLIENTS = 1_000;
const ROUNDS = 205;
const PAYLOAD = { text: 'x'.repeat(1024) };

// Opens CLIENTS sockets (sending the connect request when asked), then reports each round once
// every client has received that round's frame, and finally the per-client frame counts.
const CLIENT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const WebSocket = require('ws');
const { url, clients, handshake } = workerData;
const received = new Array(clients).fill(0);
const perRound = new Map();
let opened = 0;
const sockets = [];
for (let i = 0; i < clients; i++) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  sockets.push(ws);
  ws.on('open', () => {
    if (handshake) ws.send(JSON.stringify({ type: 'request', id: 'c', method: 'connect', params: { client_id: 'bench-' + i } }));
    else if (++opened === clients) parentPort.postMessage({ type: 'ready' });
  });
  ws.on('message', (data) => {
    const text = data.toString();
    if (text.startsWith('{"type":"response"')) {
      if (++opened === clients) parentPort.postMessage({ type: 'ready' });
      return;
    }
    received[i]++;
    const round = JSON.parse(text).params.round;
    const count = (perRound.get(round) || 0) + 1;
    perRound.set(round, count);
    if (count === clients) { perRound.delete(round); parentPort.postMessage({ type: 'round', round }); }
  });
  ws.on('error', (error) => parentPort.postMessage({ type: 'error', message: error.message }));
}
parentPort.on('message', (message) => {
  if (message === 'report') {
    parentPort.postMessage({ type: 'counts', received });
    for (const ws of sockets) ws.terminate();
  }
});
`;

interface Target {
  url: string;
  handshake: boolean;
  broadcast(round: number): void;
}

async function measure(target: Target): Promise<{ latencies: number[]; lost: number }> {
  const worker = new Worker(CLIENT_WORKER, { eval: true, workerData: { url: target.url, clients: CLIENTS, handshake: target.handshake } });
  const waiters = new Map<string, (value: unknown) => void>();
  worker.on('message', (message: { type: string; round?: number; message?: string; received?: number[] }) => {
    if (message.type === 'error') throw new Error(`client error: ${message.message}`);
    const key = message.type === 'round' ? `round:${message.round}` : message.type;
    waiters.get(key)?.(message);
  });
  const wait = (key: string) => new Promise((resolve) => waiters.set(key, resolve));
  await wait('ready');
  const latencies: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const done = wait(`round:${round}`);
    const t0 = performance.now();
    target.broadcast(round);
    await done;
    latencies.push(performance.now() - t0);
    // Idle gap: each broadcast starts from a quiet loop, as real events do.
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const counts = (await (async () => {
    const reply = wait('counts');
    worker.postMessage('report');
    return ((await reply) as { received: number[] }).received;
  })());
  await worker.terminate();
  const lost = counts.reduce((sum, count) => sum + (ROUNDS - count), 0);
  return { latencies: latencies.slice(5), lost };
}

async function main(): Promise<void> {
  const report = createReport('bench/ws');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-bench-ws-'));
  const env = { OPENCLAW_STATE_DIR: dir, HOME: dir };
  const storePath = path.join(dir, 'agents', 'main', 'sessions', 'sessions.json');
  const sessionStore = createSessionStore();
  const watcher = await startSessionStoreWatcher(storePath, { store: sessionStore });
  const config = OpenClawConfigSchema.parse({});
  const state: GatewayState = {
    version: 'bench',
    startedAt: Date.now(),
    clock: Date.now,
    config: () => config,
    configStatus: () => ({ path: path.join(dir, 'openclaw.yaml'), loaded: false, valid: true, loadedAt: Date.now() }),
    readConfigSnapshot: () => readConfigFileSnapshot(path.join(dir, 'openclaw.yaml'), env),
    sessions: createSessionsView(() => watcher, { store: sessionStore }),
    logger: SILENT_LOGGER,
  };
  // 1,000 clients are more than the gateway's default cap of 512 connections (set to stay within a
  // 1,024-descriptor limit); this measures the broadcast itself, so the cap is raised here.
  const gateway = await startGatewayServer({ state, host: '127.0.0.1', port: 0, connectionLimits: { maxConnections: CLIENTS + 64 } });

  const raw = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise((resolve) => raw.once('listening', resolve));
  const rawClients = new Set<WebSocket>();
  raw.on('connection', (ws) => {
    rawClients.add(ws);
    ws.on('close', () => rawClients.delete(ws));
  });
  const rawPort = (raw.address() as AddressInfo).port;

  report.line(`${CLIENTS} clients in a worker thread, ${ROUNDS} broadcasts of a ${JSON.stringify(PAYLOAD).length}-byte params object (first 5 are warm-up)`);
  const rawResult = await measure({
    url: `ws://127.0.0.1:${rawPort}/`,
    handshake: false,
    broadcast(round) {
      const frame = JSON.stringify({ type: 'event', event: 'bench.event', params: { round, ...PAYLOAD }, seq: round + 1 });
      for (const ws of rawClients) ws.send(frame);
    },
  });
  const gatewayResult = await measure({
    url: `${gateway.url.replace('http', 'ws')}ws`,
    handshake: true,
    broadcast(round) {
      gateway.broadcast('bench.event', { round, ...PAYLOAD });
    },
  });

  const row = (name: string, r: { latencies: number[]; lost: number }) =>
    report.line(`${name.padEnd(8)} p50 ${fmt(quantile(r.latencies, 0.5), 2)} ms  p99 ${fmt(quantile(r.latencies, 0.99), 2)} ms  lost ${r.lost}`);
  row('raw ws', rawResult);
  row('gateway', gatewayResult);
  const ratio = quantile(gatewayResult.latencies, 0.99) / quantile(rawResult.latencies, 0.99);
  report.target('p99 until the last client ≤ 1.3× raw ws', ratio <= 1.3, `${fmt(ratio, 2)}×`);
  report.target('0 frames lost', gatewayResult.lost === 0, `${gatewayResult.lost} lost`);

  await gateway.close();
  await new Promise((resolve) => raw.close(resolve));
  await watcher.close();
  await rm(dir, { recursive: true, force: true });
  report.finish();
}

await runBounded('bench/ws', main);
