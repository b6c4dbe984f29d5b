import { expect, test } from '@playwright/test';
import { startFakeProvider, type FakeProvider } from '../fixtures/providers/fake-provider.js';
import { fakeModelsYaml } from './support/fake-models.js';
import { startHeadlessGateway, type HeadlessGateway } from './support/headless-gateway.js';
import { horizontalOverflow, prepareArtifacts, shot, watchErrors } from './support/page.js';

// The desktop's quick chat window loads `/chat?view=compact`: the same Chat route, without header,
// tabs or conversation list, in a small window.

let provider: FakeProvider;
let gateway: HeadlessGateway;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await prepareArtifacts();
  provider = await startFakeProvider();
  gateway = await startHeadlessGateway({
    config: fakeModelsYaml(provider).join('\n'),
    sessions: {
      'agent:main:dashboard:older': { session_id: 'older-1', updated_at: 1_700_000_000_000, label: 'Older chat' },
      'agent:main:dashboard:latest': { session_id: 'latest-1', updated_at: 1_700_000_100_000, label: 'Latest chat' },
    },
  });
});

test.afterAll(async () => {
  await gateway?.stop();
  await provider?.close();
});

test('the compact chat continues the latest conversation, alone in a small window, and answers stream in', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 420, height: 560 });
  await page.goto(`${gateway.url}/chat?view=compact`);

  await expect(page).toHaveURL(/\/chat\?session=agent%3Amain%3Adashboard%3Alatest&view=compact$/);
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expect(page.getByRole('banner')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New chat' })).toHaveCount(0);

  provider.script({ kind: 'stream', chunks: ['Quick ', 'answer.'], chunkDelayMs: 20 });
  await page.getByRole('textbox', { name: 'Message' }).fill('One quick question');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  const log = page.getByRole('log', { name: 'Messages' });
  await expect(log.getByRole('listitem').last()).toContainText('Quick answer.');
  expect(await horizontalOverflow(page)).toBe(0);
  await shot(page, 'quick-chat');
  expect(errors).toEqual([]);
});

test('the full Chat page is unchanged without ?view=compact', async ({ page }) => {
  await page.goto(`${gateway.url}/chat`);
  await expect(page.getByRole('button', { name: 'New chat' })).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(1);
});
