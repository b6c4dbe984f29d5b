import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { OpenClawConfigSchema, type OpenClawConfig, type OpenClawConfigInput } from '../../../src-shared/config/schema.js';
import { createAgentService, type AgentEvent, type AgentService, type AgentServiceOptions } from '../../../src-main/core/agent/index.js';
import { createSessionStore, type SessionStoreHandle } from '../../../src-main/core/sessions/store.js';
import { startFakeProvider, type FakeProvider, type FakeProviderOptions } from '../../fixtures/providers/fake-provider.js';

export interface AgentHarness {
  dir: string;
  storePath: string;
  sessionsDir: string;
  /** The store handle the service reads and writes through. */
  sessionStore: SessionStoreHandle;
  provider: FakeProvider;
  service: AgentService;
  events: AgentEvent[];
  /** The config in effect; tests may replace it (the service reads it at every run). */
  config: OpenClawConfig;
}

export interface HarnessOptions {
  api?: 'openai-completions' | 'anthropic-messages';
  provider?: FakeProviderOptions;
  /** Merged over a config naming the fake provider as `fake` with model `m1` (the default). */
  config?: (base: OpenClawConfigInput) => OpenClawConfigInput;
  service?: Partial<AgentServiceOptions>;
}

/** Registers cleanup and returns a factory of harnesses: a temp state dir, a fake provider and a service. */
export function useAgentHarness(): (options?: HarnessOptions) => Promise<AgentHarness> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return async (options = {}) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-agent-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const provider = await startFakeProvider(options.provider);
    cleanups.push(() => provider.close());
    const api = options.api ?? 'openai-completions';
    const base: OpenClawConfigInput = {
      models: {
        default: 'fake/m1',
        providers: {
          fake: {
            base_url: api === 'anthropic-messages' ? provider.origin : `${provider.origin}/v1`,
            api,
            api_key: options.provider?.apiKey ?? 'test-key',
            models: [{ id: 'm1', context_window: 8000, max_tokens: 500, cost: { input: 3, output: 15 } }],
          },
        },
      },
      agent: { timeout_seconds: 10, max_retries: 0 },
    };
    const storePath = path.join(dir, 'agents', 'main', 'sessions', 'sessions.json');
    const sessionsDir = path.dirname(storePath);
    const events: AgentEvent[] = [];
    const harness = {
      dir,
      storePath,
      sessionsDir,
      sessionStore: createSessionStore(),
      provider,
      events,
      config: OpenClawConfigSchema.parse(options.config ? options.config(base) : base),
    } as AgentHarness;
    harness.service = createAgentService({
      config: () => harness.config,
      sessionStore: harness.sessionStore,
      sessionStorePath: storePath,
      ...options.service,
    });
    harness.service.onEvent((event) => events.push(event));
    cleanups.push(() => harness.service.close());
    return harness;
  };
}

/** Waits until `predicate` holds, polling every 10 ms for at most `timeoutMs`. */
export async function waitUntil(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
