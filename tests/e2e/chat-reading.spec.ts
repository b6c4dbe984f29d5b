import { expect, test, type Page } from '@playwright/test';
import { startFakeProvider, type FakeProvider } from '../fixtures/providers/fake-provider.js';
import { fakeModelsYaml } from './support/fake-models.js';
import { startHeadlessGateway, type HeadlessGateway } from './support/headless-gateway.js';
import { captureScreens, horizontalOverflow, prepareArtifacts, shot, watchErrors } from './support/page.js';

// The chat as a daily driver: answers render as Markdown (a table, code with Copy), and the message
// box and the last answer's token line stay in the window after a long streamed answer, at
// 1280×800 with a header that wraps and at 800×600. The config sits deep in the state dir so the
// header's config path is long enough to wrap it.

let provider: FakeProvider;
let gateway: HeadlessGateway;

const MARKDOWN_ANSWER = [
  '## Packing list',
  '',
  'Three things matter:',
  '',
  '1. **Boots** that fit',
  '2. A warm layer',
  '3. Water',
  '',
  '| Item | Weight (g) |',
  '|:-----|-----------:|',
  '| Boots | 1,150 |',
  '| Jacket | 420 |',
  '',
  '```python',
  'def total(items):',
  '    return sum(item.weight for item in items)',
  '```',
  '',
  'More at [the trail guide](https://example.com/trails).',
].join('\n');

// Short enough that the question above it stays in view in the README's screenshot.
const README_ANSWER = [
  '## Packing list',
  '',
  '| Item | Weight (g) |',
  '|:-----|-----------:|',
  '| Boots | 1,150 |',
  '| Jacket | 420 |',
  '',
  '```python',
  'def total(items):',
  '    return sum(item.weight for item in items)',
  '```',
].join('\n');

function longAnswerChunks(): string[] {
  const chunks: string[] = [];
  for (let i = 1; i <= 40; i += 1) chunks.push(`${i}. Step ${i} of a long answer, with enough words to wrap on a narrow window.\n`);
  return chunks;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await prepareArtifacts();
  provider = await startFakeProvider();
  gateway = await startHeadlessGateway({
    config: fakeModelsYaml(provider, { cost: { input: 3, output: 15 } }).join('\n'),
    configFile: 'configuration-folders/for-the-openclaw-dashboard/long-enough-to-wrap-the-header/openclaw.yaml',
    sessions: {
      'agent:main:telegram:direct:1001': { session_id: 'tg-1001', updated_at: Date.now() - 3_600_000, channel: 'telegram', chat_type: 'direct', origin: { label: 'Alice' } },
      'agent:main:dashboard:older': { session_id: 'dash-older', updated_at: Date.now() - 86_400_000, label: 'Weekend in the Dolomites' },
    },
  });
});

test.afterAll(async () => {
  await gateway?.stop();
  await provider?.close();
});

/** Fails unless `selector`'s box lies wholly inside the viewport. */
async function expectInViewport(page: Page, selector: string, what: string): Promise<void> {
  const box = await page.locator(selector).last().boundingBox();
  const viewport = page.viewportSize();
  expect(box, `${what} is on the page`).not.toBeNull();
  if (!box || !viewport) return;
  expect(box.y, `${what} starts inside the window`).toBeGreaterThanOrEqual(0);
  expect(box.x, `${what} starts inside the window`).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, `${what} ends inside the window (${viewport.width}×${viewport.height})`).toBeLessThanOrEqual(viewport.height);
  expect(box.x + box.width, `${what} ends inside the window (${viewport.width}×${viewport.height})`).toBeLessThanOrEqual(viewport.width);
}

async function startChat(page: Page): Promise<void> {
  await page.goto(`${gateway.url}/chat`);
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'New conversation' })).toBeVisible();
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
}

test('README screenshots of the chat, light and dark, 1280×800 and 800×600', async ({ page }) => {
  // First in the file, so the list shows the seeded conversations and this one only.
  await startChat(page);
  provider.script({ kind: 'stream', chunks: README_ANSWER.match(/[\s\S]{1,40}/g) ?? [], chunkDelayMs: 5, usage: { input_tokens: 300, output_tokens: 120 } });
  await send(page, 'What should I pack for a day hike?');
  await expect(page.getByRole('log', { name: 'Messages' }).getByText('420 tokens')).toBeVisible();
  const { overflowAt800 } = await captureScreens(page, 'chat');
  expect(overflowAt800).toBeLessThanOrEqual(0);
});

test('a Markdown answer renders its table and code block, and Copy puts the code on the clipboard', async ({ page, context }) => {
  const errors = watchErrors(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: gateway.url });
  await startChat(page);
  provider.script({ kind: 'stream', chunks: MARKDOWN_ANSWER.match(/[\s\S]{1,24}/g) ?? [], chunkDelayMs: 10, usage: { input_tokens: 300, output_tokens: 120 } });
  await send(page, 'What should I pack for a day hike?');

  const answer = page.getByRole('log', { name: 'Messages' }).getByRole('listitem').filter({ hasText: 'Packing list' });
  await expect(answer.getByRole('heading', { name: 'Packing list' })).toBeVisible();
  await expect(answer.getByText('420 tokens')).toBeVisible();
  const table = answer.getByRole('table');
  await expect(table.getByRole('columnheader')).toHaveText(['Item', 'Weight (g)']);
  await expect(table.getByRole('cell', { name: '1,150' })).toBeVisible();
  await expect(answer.locator('pre code')).toContainText('return sum(item.weight for item in items)');
  await expect(answer.getByRole('link', { name: 'the trail guide' })).toHaveAttribute('target', '_blank');
  // The conversation is named by its first message now, not by its key.
  await expect(page.getByRole('heading', { level: 2, name: 'What should I pack for a day hike?' })).toBeVisible();

  await answer.getByRole('button', { name: 'Copy code' }).click();
  await expect(answer.getByRole('button', { name: 'Copy code' })).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('def total(items):\n    return sum(item.weight for item in items)\n');
  await shot(page, 'chat-markdown');
  expect(errors).toEqual([]);
});

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
]) {
  test(`the message box and the last answer's token line stay in view after a long streamed answer at ${viewport.width}×${viewport.height}`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.setViewportSize(viewport);
    await startChat(page);
    if (viewport.width === 1280) {
      const header = await page.getByRole('banner').boundingBox();
      expect(header?.height ?? 0, 'the header wraps onto a second row').toBeGreaterThan(70);
    }
    provider.script({ kind: 'stream', chunks: longAnswerChunks(), chunkDelayMs: 15, usage: { input_tokens: 900, output_tokens: 1100 } });
    await send(page, 'Give me a long list of steps');
    // The bubbles, not the list items inside a Markdown answer.
    const last = page.locator('.chat-message').last();
    await expect(last).toContainText('Step 40 of a long answer');
    await expect(last.locator('.chat-usage')).toHaveText(/2,000 tokens/);

    await expectInViewport(page, '.chat-composer', 'the message box');
    await expectInViewport(page, '.chat-usage', "the last answer's token line");
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeInViewport();
    expect(await page.evaluate(() => document.documentElement.scrollHeight - document.documentElement.clientHeight), 'the page itself does not scroll').toBeLessThanOrEqual(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    if (viewport.width === 800) {
      // The list is a drawer here: its button opens it over the conversation.
      await page.getByRole('button', { name: 'Conversations' }).click();
      await expect(page.getByRole('dialog', { name: 'Conversations' })).toBeVisible();
      await shot(page, 'chat-drawer-800x600');
      await page.keyboard.press('Escape');
    }
    await shot(page, `chat-long-${viewport.width}x${viewport.height}`);
    expect(errors).toEqual([]);
  });
}
