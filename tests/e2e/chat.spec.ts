import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startFakeProvider, type FakeProvider } from '../fixtures/providers/fake-provider.js';
import { fakeModelsYaml } from './support/fake-models.js';
import { startHeadlessGateway, type HeadlessGateway } from './support/headless-gateway.js';
import { horizontalOverflow, prepareArtifacts, shot, watchErrors } from './support/page.js';

let provider: FakeProvider;
let gateway: HeadlessGateway;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await prepareArtifacts();
  provider = await startFakeProvider();
  gateway = await startHeadlessGateway({
    config: [
      ...fakeModelsYaml(provider, { apiKey: 'sk-e2e-chat-SECRET', cost: { input: 3, output: 15 } }),
      'identity:',
      '  name: E2E Claw',
      '',
    ].join('\n'),
    sessions: {},
  });
});

test.afterAll(async () => {
  await gateway?.stop();
  await provider?.close();
});

test('starts a chat, streams an answer, stops a second one and charts the usage', async ({ page }) => {
  const errors = watchErrors(page);

  await page.goto(`${gateway.url}/chat`);
  await expect(page.getByRole('heading', { name: 'Pick a conversation' })).toBeVisible();
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page).toHaveURL(/\/chat\?session=agent%3Amain%3Adashboard%3A/);
  const sessionKey = decodeURIComponent(new URL(page.url()).searchParams.get('session') ?? '');

  provider.script({ kind: 'stream', chunks: ['Hello ', 'from ', 'the ', 'fake ', 'model.'], chunkDelayMs: 40, usage: { input_tokens: 1000, output_tokens: 200 } });
  await page.getByRole('textbox', { name: 'Message' }).fill('Hi there');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  const log = page.getByRole('log', { name: 'Messages' });
  await expect(log.getByRole('listitem').nth(0)).toContainText('Hi there');
  await expect(log.getByRole('listitem').nth(1)).toContainText('Hello from the fake model.');
  await expect(log.getByRole('listitem').nth(1)).toContainText('1,200 tokens · $0.0060 · fake/m1');
  await expect(page.getByRole('img', { name: 'Usage of this session: 1 answer, 1,200 tokens, $0.0060' })).toBeVisible();

  provider.script({ kind: 'hang', chunks: ['A long story begins'], after: 1 });
  await page.getByRole('textbox', { name: 'Message' }).fill('Tell me a long story');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(log.getByRole('listitem').nth(3)).toContainText('A long story begins');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(log.getByRole('listitem').nth(3)).toContainText('Stopped: the answer above is partial.');
  await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0);

  // The conversation is in the store and on disk, and the page holds no provider secret.
  await expect.poll(async () => (await gateway.readStore())[sessionKey]?.aborted_last_run).toBe(true);
  const entry = (await gateway.readStore())[sessionKey] as { session_id: string; input_tokens: number };
  const transcript = await readFile(path.join(path.dirname(gateway.storePath), `${entry.session_id}.jsonl`), 'utf8');
  expect(transcript.trim().split('\n')).toHaveLength(4);
  expect(await page.content()).not.toContain('sk-e2e-chat-SECRET');

  // A reload shows the same conversation from the transcript.
  await page.reload();
  await expect(page.getByRole('log', { name: 'Messages' }).getByRole('listitem')).toHaveCount(4);
  await shot(page, 'chat');

  await page.setViewportSize({ width: 800, height: 600 });
  expect(await horizontalOverflow(page), 'chat scrolls sideways at 800 px').toBeLessThanOrEqual(0);
  await shot(page, 'chat-800x600');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'chat-dark');
  expect(errors).toEqual([]);
});
