// Startup benchmark: `node --import tsx bench/startup.ts [--strict]`.
// What `npm run gateway` runs (plain node on compiled JS, no tsx) from spawn until the port accepts
// connections, and its RSS once idle, against a bare node:http server started the same way.
// The sources are transpiled file by file with esbuild (what tsc emits, minus type checking) into
// node_modules/.cache so imports resolve exactly as from dist/. --strict exits 1 on a missed target.
import { spawn } from 'node:child_process';
import { readFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT, compileGateway } from './lib/compile-gateway.js';
import { createReport, fmt, quantile, runBounded } from './lib/report.js';

const OUT = path.join(ROOT, 'node_modules', '.cache', 'openclaw-bench-startup');
const RUNS = 7;
const START_TARGET_MS = 300;
const RSS_TARGET_MB = 75;

function rssMb(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then((status) => Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 'NaN') / 1024);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function startOnce(args: string[], env: Record<string, string>): Promise<{ ms: number; rss: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line within 10 s: ${out} ${err}`)), 10_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening: ${out} ${err}`)));
  });
  if (!(await accepts(port))) throw new Error(`port ${port} printed but not accepting`);
  const ms = performance.now() - started;
  // Idle: what the process holds once startup garbage had a chance to be collected.
  await new Promise((resolve) => setTimeout(resolve, 700));
  const rss = await rssMb(child.pid ?? 0);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return { ms, rss };
}

async function main(): Promise<void> {
  const report = createReport('bench/startup');
  const t0 = performance.now();
  const headless = await compileGateway(OUT);
  report.line(`compiled src-main + src-shared with esbuild in ${fmt(performance.now() - t0, 0)} ms → ${path.relative(ROOT, OUT)}`);

  const state = await mkdtemp(path.join(os.tmpdir(), 'openclaw-bench-startup-'));
  const baseline = path.join(state, 'bare-http.mjs');
  await writeFile(
    baseline,
    "import http from 'node:http';\nconst s = http.createServer((q, r) => r.end('ok'));\ns.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${s.address().port}/`));\nprocess.on('SIGTERM', () => s.close(() => process.exit(0)));\n",
  );
  await mkdir(path.join(state, 'home'), { recursive: true });
  const env = { OPENCLAW_STATE_DIR: state, HOME: path.join(state, 'home') };

  const gateway: Array<{ ms: number; rss: number }> = [];
  const bare: Array<{ ms: number; rss: number }> = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(await startOnce([baseline], env));
    gateway.push(await startOnce([headless, '--port', '0'], env));
  }
  const cold = gateway[0]?.ms ?? Number.NaN;
  const median = (runs: Array<{ ms: number; rss: number }>, key: 'ms' | 'rss') => quantile(runs.map((r) => r[key]), 0.5);
  report.line(`bare node:http  start p50 ${fmt(median(bare, 'ms'), 0)} ms  idle RSS ${fmt(median(bare, 'rss'))} MB`);
  report.line(`gateway         start first ${fmt(cold, 0)} ms, p50 ${fmt(median(gateway, 'ms'), 0)} ms  idle RSS ${fmt(median(gateway, 'rss'))} MB`);
  report.line(`ratio           start ${fmt(median(gateway, 'ms') / median(bare, 'ms'), 2)}×  RSS ${fmt(median(gateway, 'rss') / median(bare, 'rss'), 2)}×`);
  report.target(`start until the port accepts < ${START_TARGET_MS} ms (p50 of ${RUNS})`, median(gateway, 'ms') < START_TARGET_MS, `${fmt(median(gateway, 'ms'), 0)} ms`);
  report.target(`idle RSS < ${RSS_TARGET_MB} MB`, median(gateway, 'rss') < RSS_TARGET_MB, `${fmt(median(gateway, 'rss'))} MB`);
  await rm(state, { recursive: true, force: true });
  report.finish();
}

await runBounded('bench/startup', main);
