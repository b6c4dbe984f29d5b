import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProviderFetch } from '../../../src-main/core/agent/provider-types.js';
import { useAgentHarness } from './helpers.js';

const KEY = 'Zq7-provider-key-0123456789';
const harnessOf = useAgentHarness();

describe('agent error text', () => {
  it('scrubs a key rotated away during the run from its chat.error and transcript', async () => {
    let rotate = (): void => undefined;
    // The key changes while the request is out: the provider's error quotes the key the run used.
    const fetchThenRotate: ProviderFetch = (input, init) => {
      rotate();
      return fetch(input, init);
    };
    const h = await harnessOf({ service: { fetch: fetchThenRotate } });
    const withKey = (key: string) => ({ ...h.config, models: { ...h.config.models, providers: { fake: { ...h.config.models.providers.fake!, api_key: key } } } });
    h.config = withKey(KEY);
    rotate = () => {
      h.config = withKey('the-new-key-0000');
    };
    // An existing conversation: a failed first message would leave no transcript to check.
    h.provider.script({ kind: 'stream', chunks: ['hello'] }, { kind: 'status', status: 401, message: `Incorrect API key provided: ${KEY}` });
    rotate = () => undefined;
    await h.service.send('agent:main:rotated', 'first').done;
    rotate = () => {
      h.config = withKey('the-new-key-0000');
    };
    const outcome = await h.service.send('agent:main:rotated', 'hi').done;
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'auth' } });
    expect(JSON.stringify(outcome)).not.toContain(KEY);
    expect(h.provider.requests[1]?.headers.authorization).toBe(`Bearer ${KEY}`);
    const { session_id: sessionId } = await h.service.history({ session_key: 'agent:main:rotated' });
    const transcript = await readFile(path.join(h.sessionsDir, `${sessionId}.jsonl`), 'utf8');
    expect(transcript).toContain('Incorrect API key provided: [redacted]');
    expect(transcript).not.toContain(KEY);
  });

  it('scrubs the error of a transcript line written before scrubbing existed, in chat.history', async () => {
    const h = await harnessOf();
    h.config = { ...h.config, models: { ...h.config.models, providers: { fake: { ...h.config.models.providers.fake!, api_key: KEY } } } };
    h.provider.script({ kind: 'stream', chunks: ['ok'] });
    await h.service.send('agent:main:old', 'hi').done;
    const { session_id: sessionId } = await h.service.history({ session_key: 'agent:main:old' });
    const old = { role: 'assistant', content: '', ts: Date.now() + 1_000, run_id: 'old-run', error: { kind: 'auth', message: `rejected: ${KEY}` } };
    await appendFile(path.join(h.sessionsDir, `${sessionId}.jsonl`), `${JSON.stringify(old)}\n`);
    const history = await h.service.history({ session_key: 'agent:main:old' });
    expect(history.messages.at(-1)?.error).toEqual({ kind: 'auth', message: 'rejected: [redacted]' });
    expect(JSON.stringify(history)).not.toContain(KEY);
  });
});
