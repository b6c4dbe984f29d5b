// Agent benchmark: `node --import tsx bench/agent.ts [--strict] [--iterations N]`.
// Streams a 200-token answer from the local fake provider (tests/fixtures/providers), rotating a
// direct call (fetch + SSE parsing, the baseline) with the same request through the agent service
// in-process (session store, transcript with fsync, history, events) and through the running
// gateway (runtime on 127.0.0.1:0, a WebSocket client sending chat.send and reading chat.delta
// frames). Reports time to first token and to last token, median of N, and the overhead per
// streamed token. Target: < 10 % added to both, through the gateway.
// The fake provider answers like a fast hosted model: first token after 200 ms, then a token every
// 5 ms (200 tokens/s). A zero-latency run is printed too, to show the absolute cost in ms.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { OpenClawConfigSchema } from '../src-shared/config/schema.js';
import { createAgentService, type AgentService } from '../src-main/core/agent/index.js';
import { SILENT_LOGGER } from '../src-main/core/gateway/types.js';
import { createRuntime } from '../src-main/core/runtime.js';
import { createSessionStore } from '../src-main/core/sessions/store.js';
import { readSseEvents } from '../src-main/core/agent/sse.js';
import { startFakeProvider, type FakeProvider, type FakeReply } from '../tests/fixtures/providers/fake-provider.js';

const TOKENS = 200;
const FIRST_TOKEN_DELAY_MS = 200;
const TOKEN_INTERVAL_MS = 5;
const TARGET_ADDED_RATIO = 0.1;
const TIME_LIMIT_MS = 55_000;
const SESSION = 'agent:main:bench';

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

/** The baseline: what any client must do to stream from the provider itself. */
async function direct(provider: FakeProvider): Promise<Timing> {
  const started = performance.now();
  const response = await fetch(`${provider.origin}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
    body: JSON.stringify({ model: 'm1', messages: [{ role: 'user', content: 'Hi' }], stream: true, max_tokens: 500 }),
  });
  let firstMs = -1;
  let lastMs = -1;
  for await (const event of readSseEvents(response.body!)) {
    if (event.data === '[DONE]') break;
    const chunk = JSON.parse(event.data) as { choices?: { delta?: { content?: string } }[] };
    if (chunk.choices?.[0]?.delta?.content) {
      lastMs = performance.now() - started;
      if (firstMs < 0) firstMs = lastMs;
    }
  }
  return { firstMs, lastMs };
}

async function viaAgent(service: AgentService, text: string): Promise<Timing & { finalMs: number }> {
  const started = performance.now();
  let firstMs = -1;
  let lastMs = -1;
  const off = service.onEvent((event) => {
    if (event.event !== 'chat.delta') return;
    lastMs = performance.now() - started;
    if (firstMs < 0) firstMs = lastMs;
  });
  const outcome = await service.send(SESSION, text).done;
  const finalMs = performance.now() - started;
  off();
  if (!outcome.ok) throw new Error(`agent run failed: ${outcome.error.message}`);
  return { firstMs, lastMs, finalMs };
}

/** A connected WS client of the gateway that times one chat.send at a time. */
async function connectGateway(url: string): Promise<{ chat(text: string): Promise<Timing & { finalMs: number }>; close(): void }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}ws`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let onFrame: (frame: { type: string; id?: string; event?: string; params?: { run_id?: string } }) => void = () => undefined;
  ws.on('message', (data) => onFrame(JSON.parse(data.toString()) as Parameters<typeof onFrame>[0]));
  await new Promise<void>((resolve) => {
    onFrame = (frame) => frame.type === 'response' && frame.id === 'c' && resolve();
    ws.send(JSON.stringify({ type: 'request', id: 'c', method: 'connect', params: {} }));
  });
  let n = 0;
  return {
    chat(text) {
      const started = performance.now();
      const id = `r${++n}`;
      let firstMs = -1;
      let lastMs = -1;
      return new Promise((resolve, reject) => {
        onFrame = (frame) => {
          if (frame.type !== 'event') return;
          if (frame.event === 'chat.delta') {
            lastMs = performance.now() - started;
            if (firstMs < 0) firstMs = lastMs;
          } else if (frame.event === 'chat.final') resolve({ firstMs, lastMs, finalMs: performance.now() - started });
          else if (frame.event === 'chat.error') reject(new Error(`gateway run failed: ${JSON.stringify(frame.params)}`));
        };
        ws.send(JSON.stringify({ type: 'request', id, method: 'chat.send', params: { session_key: `${SESSION}:ws`, text } }));
      });
    },
    close: () => ws.close(),
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

type Timed = Timing & { finalMs: number };
type GatewayClient = Awaited<ReturnType<typeof connectGateway>>;

const summarize = (timings: Timed[]): Timed => ({
  firstMs: median(timings.map((t) => t.firstMs)),
  lastMs: median(timings.map((t) => t.lastMs)),
  finalMs: median(timings.map((t) => t.finalMs)),
});

async function measure(
  provider: FakeProvider,
  service: AgentService,
  gateway: GatewayClient,
  iterations: number,
  firstDelayMs: number,
  chunkDelayMs: number,
  deadline: number,
): Promise<{ base: Timing; agent: Timed; gateway: Timed; runs: number }> {
  const base: Timing[] = [];
  const agent: Timed[] = [];
  const viaGateway: Timed[] = [];
  // Warm-up: creates the session entries and transcripts, JIT-compiles every path.
  provider.script(reply(0, 0), reply(0, 0), reply(0, 0));
  await direct(provider);
  await viaAgent(service, 'warm-up');
  await gateway.chat('warm-up');
  for (let i = 0; i < iterations && Date.now() < deadline; i++) {
    provider.script(reply(firstDelayMs, chunkDelayMs));
    base.push(await direct(provider));
    provider.script(reply(firstDelayMs, chunkDelayMs));
    agent.push(await viaAgent(service, `message ${i}`));
    provider.script(reply(firstDelayMs, chunkDelayMs));
    viaGateway.push(await gateway.chat(`message ${i}`));
  }
  return {
    base: { firstMs: median(base.map((t) => t.firstMs)), lastMs: median(base.map((t) => t.lastMs)) },
    agent: summarize(agent),
    gateway: summarize(viaGateway),
    runs: base.length,
  };
}

const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;
const pct = (ratio: number): string => `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)} %`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const strict = args.includes('--strict');
  const iterationsArg = args.indexOf('--iterations');
  const iterations = iterationsArg >= 0 ? Number(args[iterationsArg + 1]) : 10;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 200) {
    console.error('--iterations must be a whole number from 1 to 200');
    process.exit(2);
  }
  const deadline = Date.now() + TIME_LIMIT_MS;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-bench-agent-'));
  const provider = await startFakeProvider();
  const config = OpenClawConfigSchema.parse({
    models: { default: 'fake/m1', providers: { fake: { base_url: `${provider.origin}/v1`, api_key: 'bench', models: [{ id: 'm1', max_tokens: 500 }] } } },
  });
  const service = createAgentService({ config: () => config, sessionStore: createSessionStore(), sessionStorePath: path.join(dir, 'sessions', 'sessions.json') });
  const gatewayState = path.join(dir, 'gateway');
  await writeFile(
    path.join(dir, 'openclaw.yaml'),
    `models:\n  default: fake/m1\n  providers:\n    fake:\n      base_url: ${provider.origin}/v1\n      api_key: bench\n      models:\n        - id: m1\n          max_tokens: 500\n`,
  );
  const runtime = createRuntime({
    env: { OPENCLAW_STATE_DIR: gatewayState, HOME: dir, OPENCLAW_CONFIG_PATH: path.join(dir, 'openclaw.yaml') },
    portOverride: 0,
    logger: SILENT_LOGGER,
  });
  const status = await runtime.start();
  if (status.state !== 'running') throw new Error(`gateway did not start: ${JSON.stringify(status)}`);
  const gateway = await connectGateway(status.url);
  try {
    console.log(`Agent benchmark: ${TOKENS} tokens, median of ${iterations}, baseline = direct fetch + SSE parse in the same run`);
    const realistic = await measure(provider, service, gateway, iterations, FIRST_TOKEN_DELAY_MS, TOKEN_INTERVAL_MS, deadline);
    const zero = await measure(provider, service, gateway, iterations, 0, 0, deadline);

    const firstRatio = realistic.gateway.firstMs / realistic.base.firstMs - 1;
    const lastRatio = realistic.gateway.lastMs / realistic.base.lastMs - 1;
    const perTokenUs = (t: Timing): number => ((t.lastMs - t.firstMs - (realistic.base.lastMs - realistic.base.firstMs)) / (TOKENS - 1)) * 1000;
    const results: [string, boolean][] = [
      ['time to first token through the gateway added < 10 %', firstRatio < TARGET_ADDED_RATIO],
      ['time to last token through the gateway added < 10 %', lastRatio < TARGET_ADDED_RATIO],
    ];
    const row = (label: string, base: number, agent: number, viaGateway: number): string =>
      `  ${label.padEnd(12)} direct ${fmt(base).padStart(10)}  agent ${fmt(agent).padStart(10)} (${pct(agent / base - 1)})  gateway WS ${fmt(viaGateway).padStart(10)} (${pct(viaGateway / base - 1)})`;
    console.log(`\nProvider at ${FIRST_TOKEN_DELAY_MS} ms to first token, ${TOKEN_INTERVAL_MS} ms per token (${realistic.runs} runs):`);
    console.log(row('first token', realistic.base.firstMs, realistic.agent.firstMs, realistic.gateway.firstMs));
    console.log(row('last token', realistic.base.lastMs, realistic.agent.lastMs, realistic.gateway.lastMs));
    console.log(`  chat.final   agent ${fmt(realistic.agent.finalMs)}  gateway WS ${fmt(realistic.gateway.finalMs)} (answer written to the transcript and session entry)`);
    console.log(`  per streamed token added: agent ${perTokenUs(realistic.agent).toFixed(1)} µs, gateway WS ${perTokenUs(realistic.gateway).toFixed(1)} µs`);
    console.log(`\nZero-latency provider, absolute cost (${zero.runs} runs, no target):`);
    console.log(`  first token  direct ${fmt(zero.base.firstMs)}  agent +${fmt(zero.agent.firstMs - zero.base.firstMs)}  gateway WS +${fmt(zero.gateway.firstMs - zero.base.firstMs)}`);
    console.log(`  last token   direct ${fmt(zero.base.lastMs)}  agent +${fmt(zero.agent.lastMs - zero.base.lastMs)}  gateway WS +${fmt(zero.gateway.lastMs - zero.base.lastMs)}`);
    console.log(`  chat.final   agent ${fmt(zero.agent.finalMs)}  gateway WS ${fmt(zero.gateway.finalMs)}`);
    console.log('');
    for (const [name, pass] of results) console.log(`${pass ? 'PASS' : 'FAIL'}  ${name}`);
    if (strict && results.some(([, pass]) => !pass)) process.exitCode = 1;
  } finally {
    gateway.close();
    await runtime.close();
    await service.close();
    await provider.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
