// Sessions at scale: `node --import tsx bench/sessions-scale.ts [--strict] [--sizes 500,20000] [--soak-seconds 60] [--sample-seconds 30]`
// (`npm run bench:sessions-scale`; the 10-minute soak: `npm run bench:sessions-scale -- --soak-seconds 600`).
// The gateway runs as `npm run gateway` does (plain node on the sources compiled with esbuild, a child
// process) over a store of N realistic sessions; each figure at N is compared with the same one at the
// smallest size in the same run:
//   GET /api/sessions (everything) and one page (limit=100) body size and p50, unchanged and right after a change;
//   PATCH /api/sessions/{key} p50 against the store's own update of a same-size copy (alternating);
//   a chat turn over WS (chat.send → chat.final) with a fake model answering like a fast hosted one
//   (first token after 200 ms, 60 tokens 5 ms apart); chat.history of a 2-line transcript;
//   the gateway's RSS after the run; then, at the largest size, a soak with bounded load (10 page
//   reads/s, 5 PATCHes/s, one WS client) sampling RSS every --sample-seconds.
// --strict exits 1 when a target is missed.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startFakeProvider, type FakeProvider } from '../tests/fixtures/providers/fake-provider.js';
import { saveSessionStore } from '../src-main/core/sessions/store.js';
import { ROOT, compileGateway } from './lib/compile-gateway.js';
import { startGatewayChild, type GatewayChild } from './lib/gateway-child.js';
import { measurePatchAgainstUpdate } from './lib/patch-vs-update.js';
import { createReport, fmt, quantile, runBounded } from './lib/report.js';
import { benchSessionKey, makeSessionStore } from './lib/session-fixtures.js';

const OUT = path.join(ROOT, 'dist', 'bench-sessions-scale');
const CHAT_KEY = benchSessionKey(1);
const HISTORY_KEY = benchSessionKey(2);
const FIRST_TOKEN_MS = 200;
const TOKENS = 60;
const TOKEN_INTERVAL_MS = 5;
const TARGET_PATCH_RATIO = 1.5;
const TARGET_CHAT_RATIO = 1.2;
const TARGET_HISTORY_RATIO = 1.5;
const HISTORY_SLACK_MS = 2;
const TARGET_RSS_MB = 250;
const TARGET_SOAK_GROWTH = 0.1;
const SOAK_READS_PER_S = 10;
const SOAK_PATCHES_PER_S = 5;
const PAGE = 'limit=100';
// What the dashboard asks while someone scrolls, searches and sorts.
const SOAK_QUERIES = ['limit=100', 'limit=100&sort=label', 'limit=100&q=chat%201', 'limit=100&channel=cli', 'limit=100&sort=-tokens&chat_type=group'];

interface Options {
  strict: boolean;
  sizes: number[];
  soakSeconds: number;
  sampleSeconds: number;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const number = (name: string, fallback: number, min: number): number => {
    const raw = value(name);
    const parsed = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(parsed) || parsed < min) throw new Error(`${name} must be a whole number ≥ ${min} (got ${raw})`);
    return parsed;
  };
  const sizes = (value('--sizes') ?? '500,20000').split(',').map(Number);
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 10)) throw new Error('--sizes takes at least two whole numbers ≥ 10, e.g. 500,20000');
  return {
    strict: argv.includes('--strict'),
    sizes: sizes.sort((a, b) => a - b),
    soakSeconds: number('--soak-seconds', 60, 0),
    sampleSeconds: number('--sample-seconds', 30, 1),
  };
}

async function rssMb(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 'NaN') / 1024;
  } catch {
    // No /proc (macOS): ps reports the same resident size in KiB.
    const out = await new Promise<string>((resolve) => {
      const ps = spawn('ps', ['-o', 'rss=', '-p', String(pid)]);
      let text = '';
      ps.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      ps.once('close', () => resolve(text));
    });
    return Number(out.trim()) / 1024;
  }
}


interface WsClient {
  request(method: string, params?: Record<string, unknown>): Promise<{ result?: unknown; error?: { message: string } }>;
  chat(text: string): Promise<number>;
  /** Sizes (sessions per event) of the session.updated events received. */
  updatedSizes: number[];
  close(): void;
}

async function connectWs(url: string): Promise<WsClient> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}ws`, { maxPayload: 256 * 1024 * 1024 });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const pending = new Map<string, (frame: { result?: unknown; error?: { message: string } }) => void>();
  const finals = new Map<string, (frame: { event: string; params: Record<string, unknown> }) => void>();
  const updatedSizes: number[] = [];
  let n = 0;
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string; id?: string; event?: string; params?: Record<string, unknown>; result?: unknown; error?: { message: string } };
    if (frame.type === 'response' && frame.id) pending.get(frame.id)?.(frame);
    if (frame.type !== 'event') return;
    if (frame.event === 'session.updated') updatedSizes.push(Object.keys((frame.params?.sessions as object | undefined) ?? {}).length);
    if (frame.event === 'chat.final' || frame.event === 'chat.error') finals.get(String(frame.params?.run_id))?.(frame as { event: string; params: Record<string, unknown> });
  });
  const request: WsClient['request'] = (method, params = {}) =>
    new Promise((resolve) => {
      const id = `r${++n}`;
      pending.set(id, (frame) => {
        pending.delete(id);
        resolve(frame);
      });
      ws.send(JSON.stringify({ type: 'request', id, method, params }));
    });
  const connected = await request('connect');
  if (connected.error) throw new Error(`connect refused: ${connected.error.message}`);
  return {
    request,
    updatedSizes,
    async chat(text) {
      const started = performance.now();
      const accepted = await request('chat.send', { session_key: CHAT_KEY, text });
      if (accepted.error) throw new Error(`chat.send failed: ${accepted.error.message}`);
      const runId = (accepted.result as { run_id: string }).run_id;
      const frame = await new Promise<{ event: string; params: Record<string, unknown> }>((resolve) => finals.set(runId, resolve));
      if (frame.event !== 'chat.final') throw new Error(`the chat turn failed: ${JSON.stringify(frame.params)}`);
      return performance.now() - started;
    },
    close: () => ws.close(),
  };
}

async function timeGet(url: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const res = await fetch(url);
  const body = await res.arrayBuffer();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${Buffer.from(body).toString()}`);
  return { ms, bytes: body.byteLength };
}

async function patch(url: string, key: string, label: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}api/sessions/${encodeURIComponent(key)}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ label }) });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`PATCH ${key} answered ${res.status}`);
  return performance.now() - started;
}

interface Figures {
  size: number;
  fullBytes: number;
  fullMs: number;
  fullAfterChangeMs: number;
  pageBytes: number;
  pageMs: number;
  pageAfterChangeMs: number;
  patchMs: number;
  updateMs: number;
  chatMs: number;
  historyMs: number;
  rssMb: number;
  maintenanceWarnings: number;
  largestDelta: number;
  soak?: { samples: Array<{ atS: number; rssMb: number }>; readP50: number; readP99: number; patchP50: number; patchP99: number; reads: number; patches: number; largestDelta: number };
}

async function soak(gateway: GatewayChild, keys: readonly string[], seconds: number, sampleSeconds: number): Promise<NonNullable<Figures['soak']>> {
  const ws = await connectWs(gateway.url);
  const reads: number[] = [];
  const patches: number[] = [];
  const samples: Array<{ atS: number; rssMb: number }> = [];
  const started = performance.now();
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>): void => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  let r = 0;
  let p = 0;
  // Fixed rates, not back-to-back: a slow answer does not slow the load down (open loop).
  const reader = setInterval(() => track(timeGet(`${gateway.url}api/sessions?${SOAK_QUERIES[r++ % SOAK_QUERIES.length]}`).then(({ ms }) => reads.push(ms))), 1000 / SOAK_READS_PER_S);
  const patcher = setInterval(() => track(patch(gateway.url, keys[(p++ * 7919) % keys.length] as string, `soak ${p}`).then((ms) => patches.push(ms))), 1000 / SOAK_PATCHES_PER_S);
  const sample = async (): Promise<void> => {
    samples.push({ atS: (performance.now() - started) / 1000, rssMb: await rssMb(gateway.child.pid ?? 0) });
  };
  await sample();
  try {
    for (let next = sampleSeconds; next <= seconds; next += sampleSeconds) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + next * 1000 - performance.now())));
      await sample();
    }
  } finally {
    clearInterval(reader);
    clearInterval(patcher);
    await Promise.allSettled([...inFlight]);
    ws.close();
  }
  return {
    samples,
    readP50: quantile(reads, 0.5),
    readP99: quantile(reads, 0.99),
    patchP50: quantile(patches, 0.5),
    patchP99: quantile(patches, 0.99),
    reads: reads.length,
    patches: patches.length,
    largestDelta: Math.max(0, ...ws.updatedSizes),
  };
}

async function measureSize(headless: string, provider: FakeProvider, size: number, options: Options, withSoak: boolean): Promise<Figures> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `openclaw-bench-scale-${size}-`));
  const store = makeSessionStore(size);
  const keys = Object.keys(store);
  const storePath = path.join(dir, 'agents', 'main', 'sessions', 'sessions.json');
  const ownStore = path.join(dir, 'own', 'sessions.json');
  await mkdir(path.dirname(storePath), { recursive: true });
  // As the store writes it (indented): the gateway reads what it would have written itself.
  await saveSessionStore(storePath, store, { skipMaintenance: true });
  await saveSessionStore(ownStore, store, { skipMaintenance: true });
  await writeFile(
    path.join(dir, 'openclaw.yaml'),
    `logging:\n  console_level: warn\nmodels:\n  default: fake/m1\n  providers:\n    fake:\n      base_url: ${provider.origin}/v1\n      api_key: bench\n      models:\n        - id: m1\n          max_tokens: 500\n`,
  );
  const gateway = await startGatewayChild(headless, dir, ROOT);
  const ws = await connectWs(gateway.url);
  try {
    // Warm-up: every path compiled, the history session gets its 2-line transcript.
    await timeGet(`${gateway.url}api/sessions`);
    await timeGet(`${gateway.url}api/sessions?${PAGE}`);
    await ws.chat('warm-up');
    const history = await ws.request('chat.send', { session_key: HISTORY_KEY, text: 'hello' });
    if (history.error) throw new Error(history.error.message);
    await waitForHistory(ws);
    for (let i = 0; i < 3; i++) await patch(gateway.url, keys[i] as string, `warm ${i}`);

    const full: number[] = [];
    let fullBytes = 0;
    for (let i = 0; i < 10; i++) {
      const got = await timeGet(`${gateway.url}api/sessions`);
      full.push(got.ms);
      fullBytes = got.bytes;
    }
    const fullAfterChange: number[] = [];
    const page: number[] = [];
    const pageAfterChange: number[] = [];
    let pageBytes = 0;
    for (let i = 0; i < 20; i++) {
      const got = await timeGet(`${gateway.url}api/sessions?${PAGE}`);
      page.push(got.ms);
      pageBytes = got.bytes;
    }
    for (let i = 0; i < 8; i++) {
      await patch(gateway.url, keys[(i * 31) % keys.length] as string, `changed ${i}`);
      pageAfterChange.push((await timeGet(`${gateway.url}api/sessions?${PAGE}`)).ms);
      await patch(gateway.url, keys[(i * 37) % keys.length] as string, `changed again ${i}`);
      fullAfterChange.push((await timeGet(`${gateway.url}api/sessions`)).ms);
    }
    const patchVsUpdate = await measurePatchAgainstUpdate({ gatewayUrl: gateway.url, ownStorePath: ownStore, keys, iterations: size >= 10_000 ? 20 : 100 });
    const chats: number[] = [];
    for (let i = 0; i < 5; i++) chats.push(await ws.chat(`message ${i}`));
    const histories: number[] = [];
    for (let i = 0; i < 30; i++) {
      const started = performance.now();
      const answer = await ws.request('chat.history', { session_key: HISTORY_KEY });
      histories.push(performance.now() - started);
      if ((answer.result as { messages: unknown[] } | undefined)?.messages.length !== 2) throw new Error(`chat.history did not return the 2-line transcript: ${JSON.stringify(answer)}`);
    }
    // Idle for a moment: what the process keeps, not the garbage of the last request.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const rss = await rssMb(gateway.child.pid ?? 0);
    const soakFigures = withSoak && options.soakSeconds > 0 ? await soak(gateway, keys, options.soakSeconds, options.sampleSeconds) : undefined;
    return {
      size,
      fullBytes,
      fullMs: quantile(full, 0.5),
      fullAfterChangeMs: quantile(fullAfterChange, 0.5),
      pageBytes,
      pageMs: quantile(page, 0.5),
      pageAfterChangeMs: quantile(pageAfterChange, 0.5),
      patchMs: patchVsUpdate.patchP50,
      updateMs: patchVsUpdate.updateP50,
      chatMs: quantile(chats, 0.5),
      historyMs: quantile(histories, 0.5),
      rssMb: rss,
      maintenanceWarnings: gateway.output().split('\n').filter((line) => line.includes('maintenance would')).length,
      largestDelta: Math.max(0, ...ws.updatedSizes),
      soak: soakFigures,
    };
  } finally {
    ws.close();
    await gateway.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function waitForHistory(ws: WsClient): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const answer = await ws.request('chat.history', { session_key: HISTORY_KEY });
    if ((answer.result as { messages: unknown[] } | undefined)?.messages.length === 2) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the history session never got its 2-line transcript');
}

const kb = (bytes: number): string => (bytes >= 1024 * 1024 ? `${fmt(bytes / 1024 / 1024)} MB` : `${fmt(bytes / 1024, 0)} KB`);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const report = createReport('bench/sessions-scale');
  const t0 = performance.now();
  const headless = await compileGateway(OUT);
  report.line(`${os.cpus().length} cores, load average ${fmt(os.loadavg()[0] ?? 0, 2)}; gateway compiled with esbuild in ${fmt(performance.now() - t0, 0)} ms`);
  const provider = await startFakeProvider({
    defaultReply: () => ({ kind: 'stream', chunks: Array.from({ length: TOKENS }, (_, i) => ` tok${i}`), firstDelayMs: FIRST_TOKEN_MS, chunkDelayMs: TOKEN_INTERVAL_MS, usage: { input_tokens: 40, output_tokens: TOKENS } }),
  });
  try {
    const figures: Figures[] = [];
    const largest = options.sizes.at(-1);
    for (const size of options.sizes) figures.push(await measureSize(headless, provider, size, options, size === largest));
    const small = figures[0] as Figures;
    const big = figures.at(-1) as Figures;
    const column = (f: (x: Figures) => string): string => figures.map((x) => f(x).padStart(16)).join('');
    report.line(`\n${'sessions'.padEnd(42)}${column((x) => x.size.toLocaleString('en'))}`);
    report.line(`${'GET /api/sessions (all): body / p50'.padEnd(42)}${column((x) => `${kb(x.fullBytes)} / ${fmt(x.fullMs)} ms`)}`);
    report.line(`${'  the same, first after a change: p50'.padEnd(42)}${column((x) => `${fmt(x.fullAfterChangeMs)} ms`)}`);
    report.line(`${`GET /api/sessions?${PAGE}: body / p50`.padEnd(42)}${column((x) => `${kb(x.pageBytes)} / ${fmt(x.pageMs)} ms`)}`);
    report.line(`${'  the same, first after a change: p50'.padEnd(42)}${column((x) => `${fmt(x.pageAfterChangeMs)} ms`)}`);
    report.line(`${'PATCH /api/sessions/{key} p50'.padEnd(42)}${column((x) => `${fmt(x.patchMs)} ms`)}`);
    report.line(`${"  the store's own update p50 (same run)".padEnd(42)}${column((x) => `${fmt(x.updateMs)} ms`)}`);
    report.line(`${'chat turn, chat.send → chat.final p50'.padEnd(42)}${column((x) => `${fmt(x.chatMs, 0)} ms`)}`);
    report.line(`${'chat.history, 2-line transcript p50'.padEnd(42)}${column((x) => `${fmt(x.historyMs, 2)} ms`)}`);
    report.line(`${'gateway RSS after the run'.padEnd(42)}${column((x) => `${fmt(x.rssMb, 0)} MB`)}`);
    report.line(`${'maintenance warnings logged'.padEnd(42)}${column((x) => String(x.maintenanceWarnings))}`);
    report.line(`${'largest session.updated (sessions)'.padEnd(42)}${column((x) => String(x.largestDelta))}`);
    report.line(`(the fake model itself takes about ${FIRST_TOKEN_MS + TOKENS * TOKEN_INTERVAL_MS} ms per answer)`);
    for (const x of figures) {
      const ratio = x.patchMs / x.updateMs;
      report.target(`PATCH p50 ≤ ${TARGET_PATCH_RATIO}× the store's own update at ${x.size}`, ratio <= TARGET_PATCH_RATIO, `${fmt(ratio, 2)}× (${fmt(x.patchMs)} vs ${fmt(x.updateMs)} ms)`);
      report.target(`warn-mode maintenance said at most once at ${x.size}`, x.maintenanceWarnings <= 1, `${x.maintenanceWarnings} line(s)`);
    }
    const chatRatio = big.chatMs / small.chatMs;
    report.target(`chat turn at ${big.size} ≤ ${TARGET_CHAT_RATIO}× at ${small.size}`, chatRatio <= TARGET_CHAT_RATIO, `${fmt(chatRatio, 2)}× (${fmt(big.chatMs, 0)} vs ${fmt(small.chatMs, 0)} ms)`);
    const historyOk = big.historyMs <= small.historyMs * TARGET_HISTORY_RATIO || big.historyMs - small.historyMs <= HISTORY_SLACK_MS;
    report.target(
      `chat.history independent of the number of sessions (≤ ${TARGET_HISTORY_RATIO}× or +${HISTORY_SLACK_MS} ms)`,
      historyOk,
      `${fmt(big.historyMs, 2)} vs ${fmt(small.historyMs, 2)} ms`,
    );
    report.target(`gateway RSS at ${big.size} < ${TARGET_RSS_MB} MB`, big.rssMb < TARGET_RSS_MB, `${fmt(big.rssMb, 0)} MB (${fmt(small.rssMb, 0)} MB at ${small.size})`);
    report.target('live changes arrive as deltas, never the whole list', big.largestDelta < Math.min(big.size, 50), `largest session.updated: ${big.largestDelta} session(s)`);
    if (big.soak) {
      const { samples } = big.soak;
      report.line(
        `\nsoak at ${big.size}: ${options.soakSeconds} s, ${SOAK_READS_PER_S} page reads/s (${big.soak.reads} done, p50 ${fmt(big.soak.readP50)} ms p99 ${fmt(big.soak.readP99)} ms), ` +
          `${SOAK_PATCHES_PER_S} PATCHes/s (${big.soak.patches} done, p50 ${fmt(big.soak.patchP50)} ms p99 ${fmt(big.soak.patchP99)} ms), one WS client (largest delta ${big.soak.largestDelta})`,
      );
      report.line(`RSS samples: ${samples.map((s) => `${fmt(s.atS, 0)} s ${fmt(s.rssMb, 0)} MB`).join(', ')}`);
      const first = samples[0]?.rssMb ?? Number.NaN;
      const last = samples.at(-1)?.rssMb ?? Number.NaN;
      const peak = Math.max(...samples.map((s) => s.rssMb));
      report.target(`RSS flat over the soak (last ≤ first + ${TARGET_SOAK_GROWTH * 100} %)`, last <= first * (1 + TARGET_SOAK_GROWTH), `${fmt(first, 0)} → ${fmt(last, 0)} MB, peak ${fmt(peak, 0)} MB`);
      report.target(`RSS during the soak < ${TARGET_RSS_MB} MB`, peak < TARGET_RSS_MB, `peak ${fmt(peak, 0)} MB`);
    }
  } finally {
    await provider.close();
  }
  report.finish();
}

const limitMs = 240_000 + Number(parseOptions(process.argv.slice(2)).soakSeconds) * 1000;
await runBounded('bench/sessions-scale', main, limitMs);
