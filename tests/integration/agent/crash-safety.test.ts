import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenClawConfigSchema } from '../../../src-shared/config/schema.js';
import { createAgentService, readTranscript } from '../../../src-main/core/agent/index.js';
import { createSessionStore } from '../../../src-main/core/sessions/store.js';
import { startFakeProvider, type FakeProvider } from '../../fixtures/providers/fake-provider.js';

const CHILD = path.resolve(import.meta.dirname, '../../fixtures/providers/agent-child.ts');
const SESSION = 'agent:main:crash';

describe('agent service: crash safety', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(): Promise<{ storePath: string; provider: FakeProvider }> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-agent-crash-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const provider = await startFakeProvider();
    cleanups.push(() => provider.close());
    return { storePath: path.join(dir, 'sessions', 'sessions.json'), provider };
  }

  function startChild(storePath: string, provider: FakeProvider, mode: string): { child: ChildProcess; waitFor(pattern: RegExp): Promise<string> } {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, storePath, `${provider.origin}/v1`, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    cleanups.push(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const waitFor = async (pattern: RegExp): Promise<string> => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const match = out.split('\n').find((line) => pattern.test(line));
        if (match) return match;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`child never printed ${pattern}; stdout: ${out}; stderr: ${err}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    return { child, waitFor };
  }

  async function kill(child: ChildProcess): Promise<void> {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  it('a SIGKILL during a run leaves a readable transcript the next run continues', async () => {
    const { storePath, provider } = await setup();
    const sessionStore = createSessionStore();
    provider.script({ kind: 'stream', chunks: ['first answer'] }, { kind: 'hang', chunks: ['half of the sec'], after: 1 });
    const { child, waitFor } = startChild(storePath, provider, 'one-then-hang');
    const second = (await waitFor(/^second /)).split(' ')[1]!;
    await waitFor(new RegExp(`^delta ${second}`));
    await kill(child);

    const entry = (await sessionStore.load(storePath, { skipCache: true }))[SESSION]!;
    const transcript = path.join(path.dirname(storePath), `${entry.session_id}.jsonl`);
    const read = await readTranscript(transcript);
    expect(read.skipped).toBe(0);
    expect(read.lines.map((l) => [l.role, l.content])).toEqual([
      ['user', 'first'],
      ['assistant', 'first answer'],
      ['user', 'second'],
    ]);

    const config = OpenClawConfigSchema.parse({ models: { default: 'fake/m1', providers: { fake: { base_url: `${provider.origin}/v1` } } } });
    const service = createAgentService({ config: () => config, sessionStore, sessionStorePath: storePath });
    cleanups.push(() => service.close());
    expect(await service.send(SESSION, 'third').done).toMatchObject({ ok: true, final: { text: 'You said: third' } });
    expect((await readTranscript(transcript)).lines).toHaveLength(5);
  });

  it('a SIGKILL at any moment of a busy session leaves every complete line readable', async () => {
    const { storePath, provider } = await setup();
    const sessionStore = createSessionStore();
    const { child, waitFor } = startChild(storePath, provider, 'loop');
    await waitFor(/^final /);
    await new Promise((resolve) => setTimeout(resolve, 150 + Math.floor(Math.random() * 150)));
    await kill(child);

    const entry = (await sessionStore.load(storePath, { skipCache: true }))[SESSION]!;
    const transcript = path.join(path.dirname(storePath), `${entry.session_id}.jsonl`);
    const raw = await readFile(transcript, 'utf8');
    const read = await readTranscript(transcript);
    const rawLines = raw.split('\n').filter((line) => line.trim() !== '');
    // At most the line being written when the process died is unreadable.
    expect(read.skipped).toBeLessThanOrEqual(1);
    expect(read.lines.length).toBe(rawLines.length - read.skipped);
    expect(read.lines.length).toBeGreaterThanOrEqual(2);
    read.lines.forEach((line, i) => expect(line.role).toBe(i % 2 === 0 ? 'user' : 'assistant'));
  });
});
