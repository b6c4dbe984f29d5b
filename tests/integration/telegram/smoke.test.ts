import { afterEach, describe, expect, it } from 'vitest';
import { chatTexts, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('telegram smoke', () => {
  it('answers a DM', async () => {
    h = await startHarness();
    await h.waitForStatus('running');
    h.fake.pushMessage({ chatId: 42, text: 'hello' });
    await h.waitForEvent('telegram.reply');
    expect(chatTexts(h.fake, 42)).toEqual(['You said: hello']);
  });
});
