import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { chunkTelegramReply } from '../../src-main/core/telegram/html-chunk.js';
import { renderTelegramHtmlBlocks } from '../../src-main/core/telegram/markdown-html.js';
import { escapeTelegramHtml } from '../../src-main/core/telegram/telegram-html.js';

// Renders README's Telegram screenshot: a model's Markdown answer through the real renderer and
// chunker (default telegram settings), shown as Telegram shows the HTML it gets, in a fake chat
// page photographed by Chromium. Run: node --import tsx resources/scripts/telegram-screenshot.ts

const OUTPUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'screenshots', 'telegram-reply.png');
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

const QUESTION = 'Which sort should I use for 10k items? Short answer with code please';
const ANSWER = `## Sorting 10k items

For **10,000 items** any *O(n log n)* sort is instant. Pick by what you need:

1. **Built-in sort** — use it unless you have a reason not to
2. **Merge sort** — stable, predictable
3. **Quick sort** — fastest on average, \`O(n²)\` worst case

| Algorithm | Average | Stable |
|---|---|---|
| Built-in (TimSort) | n log n | yes |
| Merge sort | n log n | yes |
| Quick sort | n log n | no |

\`\`\`ts
const sorted = [...items].sort((a, b) => a.price - b.price);
\`\`\`

- Sorting objects? Compare a key, as above
- Spoiler: ||the built-in one wins||

More in the [MDN docs](https://developer.mozilla.org/docs/Web/JavaScript/Reference/Global_Objects/Array/sort).`;

// Telegram's HTML entities as a browser shows them; tg-spoiler gets Telegram's blurred look.
const STYLE = `
  body { margin: 0; background: #c9d9a5 linear-gradient(160deg, #d5e5b0, #9fc08a); font: 15px/1.4 -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
  .chat { width: 640px; box-sizing: border-box; padding: 24px 20px; display: flex; flex-direction: column; gap: 8px; }
  .msg { max-width: 560px; padding: 7px 11px 8px; border-radius: 14px; white-space: pre-wrap; box-shadow: 0 1px 1px rgba(0,0,0,.15); }
  .out { align-self: flex-end; background: #e3fdc8; border-bottom-right-radius: 4px; }
  .in { align-self: flex-start; background: #fff; border-bottom-left-radius: 4px; }
  .name { color: #3a8fd0; font-weight: 600; font-size: 13px; margin-bottom: 2px; white-space: normal; }
  /* Inline blocks, so the blank lines around a code block space it like a paragraph, as Telegram does. */
  pre { display: inline-block; box-sizing: border-box; width: 100%; vertical-align: top; margin: 0; padding: 6px 8px; background: #eef3f8; border-left: 3px solid #3a8fd0; border-radius: 6px; font: 13px/1.35 "DejaVu Sans Mono", monospace; white-space: pre; overflow: hidden; }
  pre code[class]::before { content: attr(class); display: block; font: 600 11px sans-serif; color: #3a8fd0; margin-bottom: 3px; }
  code { font: 13px "DejaVu Sans Mono", monospace; color: #b5395f; }
  pre code { color: #1d2b36; }
  a { color: #2a7ab8; text-decoration: none; }
  blockquote { display: inline-block; margin: 0; padding-left: 8px; border-left: 3px solid #3a8fd0; }
  tg-spoiler { background: #8c979f; color: transparent; border-radius: 4px; }
`;

const page = (bubbles: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><style>${STYLE}</style></head><body><div class="chat">${bubbles}</div></body></html>`;

const messages = chunkTelegramReply(renderTelegramHtmlBlocks(ANSWER, { tables: 'code' }), 4000, 'length');
const bubbles = [
  `<div class="msg out">${escapeTelegramHtml(QUESTION)}</div>`,
  ...messages.map((html) => `<div class="msg in"><div class="name">OpenClaw</div>${html.replace(/class="language-(\w+)"/g, 'class="$1"')}</div>`),
].join('');

const browser = await chromium.launch(existsSync(DEBIAN_CHROMIUM) ? { executablePath: DEBIAN_CHROMIUM, args: ['--no-sandbox'] } : {});
try {
  const tab = await browser.newPage({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
  await tab.setContent(page(bubbles));
  await tab.locator('.chat').screenshot({ path: OUTPUT });
  process.stdout.write(`Saved ${OUTPUT} (${messages.length} message${messages.length === 1 ? '' : 's'})\n`);
} finally {
  await browser.close();
}
