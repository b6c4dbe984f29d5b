// OpenAI-compatible endpoint benchmark: `node --import tsx bench/openai.ts [--strict] [--iterations N]`.
// Streams a 200-token answer from the local fake provider (tests/fixtures/providers), rotating a
// direct call to the provider's /v1/chat/completions (the baseline) with the same request through
// the running gateway's /v1/chat/completions (runtime on 127.0.0.1:0), stateless and session-keyed
// (X-OpenClaw-Session-Key: transcript, history and session entry written). Both sides are read the
// same way (fetch + SSE parsing). Reports time to first and to last token, median of N.
// Target: < 10 % added to both, stateless, as for /api/chat (bench/agent.ts).
// The fake provider answers like a fast hosted model: first token after 200 ms, then a token every
// 5 ms (200 tokens/s). A zero-latency run is printed too, to show the absolute cost in ms.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readSseEvents } from '../src-main/core/agent/sse.js';
import { SILENT_LOGGER } from '../src-main/core/gateway/types.js';
import { createRuntime } from '../src-main/core/runtime.js';
import { startFakeProvider, type FakeProvider, type FakeReply } from '../tests/fixtures/providers/fake-provider.js';
import { createReport, runBounded } from './lib/report.js';

const TOKENS = 200;
const FIRST_TOKEN_DELAY_MS = 200;
const TOKEN_INTERVAL_MS = 5;
const TARGET_ADDED_RATIO = 0.1;
const TIME_LIMIT_MS = 55_000;

interface Timing {
  firstMs: number;
  lastMs: number;
}

const reply = (firstDelayMs: number, chunkDelayMs: number): FakeReply => ({
  kind: 'stream',
  chunks: Array.from({ length: TOKENS }, (_, i) => ` tok${i}`),
  firstDelayMs,
  chunkDelayMs,
  usage: { input_tokens: 50, output_tokens: TOKENS },
});

/** One streamed chat completion, timed from the request to the first and the last piece of text. */
async function streamCompletion(url: string, model: string, headers: Record<string, string> = {}): Promise<Timing> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer bench', ...headers },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }], stream: true, max_tokens: 500 }),
  });
  if (!response.ok || !response.body) throw new Error(`${url} answered HTTP ${response.status}: ${await response.text()}`);
  let firstMs = -1;
  let lastMs = -1;
  for await (const event of readSseEvents(response.body)) {
    if (event.data === '[DONE]') break;
    const chunk = JSON.parse(event.data) as { choices?: { delta?: { content?: string } }[] };
    if (chunk.choices?.[0]?.delta?.content) {
      lastMs = performance.now() - started;
      if (firstMs < 0) firstMs = lastMs;
    }
  }
  return { firstMs, lastMs };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const summarize = (timings: Timing[]): Timing => ({ firstMs: median(timings.map((t) => t.firstMs)), lastMs: median(timings.map((t) => t.lastMs)) });

interface Measured {
  base: Timing;
  stateless: Timing;
  session: Timing;
  runs: number;
}

async function measure(provider: FakeProvider, gatewayUrl: string, iterations: number, firstDelayMs: number, chunkDelayMs: number, deadline: number): Promise<Measured> {
  const directUrl = `${provider.origin}/v1/chat/completions`;
  const viaUrl = `${gatewayUrl}v1/chat/completions`;
  const session = { 'X-OpenClaw-Session-Key': 'agent:main:bench:openai' };
  const base: Timing[] = [];
  const stateless: Timing[] = [];
  const keyed: Timing[] = [];
  // Warm-up: creates the session entry and transcript, JIT-compiles every path.
  provider.script(reply(0, 0), reply(0, 0), reply(0, 0));
  await streamCompletion(directUrl, 'm1');
  await streamCompletion(viaUrl, 'fake/m1');
  await streamCompletion(viaUrl, 'fake/m1', session);
  for (let i = 0; i < iterations && Date.now() < deadline; i++) {
    provider.script(reply(firstDelayMs, chunkDelayMs));
    base.push(await streamCompletion(directUrl, 'm1'));
    provider.script(reply(firstDelayMs, chunkDelayMs));
    stateless.push(await streamCompletion(viaUrl, 'fake/m1'));
    provider.script(reply(firstDelayMs, chunkDelayMs));
    keyed.push(await streamCompletion(viaUrl, 'fake/m1', session));
  }
  return { base: summarize(base), stateless: summarize(stateless), session: summarize(keyed), runs: base.length };
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;
const pct = (ratio: number): string => `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)} %`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const iterationsArg = args.indexOf('--iterations');
  const iterations = iterationsArg >= 0 ? Number(args[iterationsArg + 1]) : 10;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 200) {
    console.error('--iterations must be a whole number from 1 to 200');
    process.exit(2);
  }
  const deadline = Date.now() + TIME_LIMIT_MS;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-bench-openai-'));
  const provider = await startFakeProvider();
  const configPath = path.join(dir, 'openclaw.yaml');
  await writeFile(
    configPath,
    `models:\n  default: fake/m1\n  providers:\n    fake:\n      base_url: ${provider.origin}/v1\n      api_key: bench\n      models:\n        - id: m1\n          max_tokens: 500\n`,
  );
  const runtime = createRuntime({
    env: { OPENCLAW_STATE_DIR: path.join(dir, 'state'), HOME: dir, OPENCLAW_CONFIG_PATH: configPath },
    portOverride: 0,
    logger: SILENT_LOGGER,
  });
  try {
    const status = await runtime.start();
    if (status.state !== 'running') throw new Error(`gateway did not start: ${JSON.stringify(status)}`);
    const report = createReport(`OpenAI-compatible endpoint: ${TOKENS} tokens, median of ${iterations}, baseline = the fake provider called directly in the same run`);
    const realistic = await measure(provider, status.url, iterations, FIRST_TOKEN_DELAY_MS, TOKEN_INTERVAL_MS, deadline);
    const zero = await measure(provider, status.url, iterations, 0, 0, deadline);

    const row = (label: string, base: number, stateless: number, session: number): string =>
      `  ${label.padEnd(12)} direct ${ms(base).padStart(10)}  /v1 stateless ${ms(stateless).padStart(10)} (${pct(stateless / base - 1)})  /v1 session ${ms(session).padStart(10)} (${pct(session / base - 1)})`;
    report.line(`Provider at ${FIRST_TOKEN_DELAY_MS} ms to first token, ${TOKEN_INTERVAL_MS} ms per token (${realistic.runs} runs):`);
    report.line(row('first token', realistic.base.firstMs, realistic.stateless.firstMs, realistic.session.firstMs));
    report.line(row('last token', realistic.base.lastMs, realistic.stateless.lastMs, realistic.session.lastMs));
    report.line(`Zero-latency provider, absolute cost (${zero.runs} runs, no target):`);
    report.line(`  first token  direct ${ms(zero.base.firstMs)}  stateless +${ms(zero.stateless.firstMs - zero.base.firstMs)}  session +${ms(zero.session.firstMs - zero.base.firstMs)}`);
    report.line(`  last token   direct ${ms(zero.base.lastMs)}  stateless +${ms(zero.stateless.lastMs - zero.base.lastMs)}  session +${ms(zero.session.lastMs - zero.base.lastMs)}`);
    const first = realistic.stateless.firstMs / realistic.base.firstMs - 1;
    const last = realistic.stateless.lastMs / realistic.base.lastMs - 1;
    report.target('time to first token through /v1/chat/completions added < 10 %', first < TARGET_ADDED_RATIO, pct(first));
    report.target('time to last token through /v1/chat/completions added < 10 %', last < TARGET_ADDED_RATIO, pct(last));
    report.finish();
  } finally {
    await runtime.close();
    await provider.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await runBounded('bench:openai', main);
